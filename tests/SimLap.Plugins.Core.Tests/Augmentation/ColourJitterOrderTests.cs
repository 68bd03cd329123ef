using SimLap.Plugins.Core.Augmentation;
using SimLap.Plugins.Core.Tests.Data;
using static SimLap.Plugins.Core.Tests.Augmentation.AugmentationTestKit;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Augmentation;

public sealed class ColourJitterOrderTests
{
    [Fact]
    public void BrightnessAndContrastRunInARandomOrderPerImage()
    {
        using var scope = NewDisposeScope();
        const int B = 200;

        // Bright and dark pixels, so clamping makes the two orders differ.
        var images = VisionTestContext.RandomImages(B, 3, 6, 17).mul(1.4).sub(0.2).clamp(0.0, 1.0);
        var options = Off(new SimClrAugmentationOptions());
        options.JitterP = 1.0;
        options.Jitter = [0.8, 0.8, 0.0, 0.0];
        var pipeline = new ViewPipeline(options, new Generator(3, CPU));
        var parameters = pipeline.Sample(B, 6, 6, 0);
        var view = pipeline.Apply(images, parameters);

        // By hand: brightness clamp(b x); contrast clamp(c x + (1 - c) mean(luma x)).
        var b = parameters.JitterFactors.select(1, 0).to(ScalarType.Float32).view(-1, 1, 1, 1);
        var c = parameters.JitterFactors.select(1, 1).to(ScalarType.Float32).view(-1, 1, 1, 1);
        Tensor Brightness(Tensor x) => x.mul(b).clamp(0.0, 1.0);
        Tensor Contrast(Tensor x)
        {
            var luma = x.select(1, 0).mul(0.299).add(x.select(1, 1).mul(0.587)).add(x.select(1, 2).mul(0.114));
            var mean = luma.mean([1, 2]).view(-1, 1, 1, 1);
            return x.mul(c).add(mean.mul(c.neg().add(1.0))).clamp(0.0, 1.0);
        }

        var brightnessFirst = Contrast(Brightness(images));
        var contrastFirst = Brightness(Contrast(images));
        var order = parameters.JitterOrder;
        var isBrightnessFirst = order.eq(ColourJitterOps.Brightness).nonzero().select(1, 1)
            .lt(order.eq(ColourJitterOps.Contrast).nonzero().select(1, 1));

        var matchesBrightnessFirst = SameImage(view, brightnessFirst);
        var matchesContrastFirst = SameImage(view, contrastFirst);
        var differ = SameImage(brightnessFirst, contrastFirst, atol: 1e-3).logical_not();

        Assert.True(matchesBrightnessFirst.logical_or(matchesContrastFirst).all().item<bool>(), "every image is one of the two orders");
        Assert.True(where(isBrightnessFirst, matchesBrightnessFirst, matchesContrastFirst).all().item<bool>(), "in the order drawn for it");
        Assert.True(differ.logical_and(isBrightnessFirst).any().item<bool>(), "brightness-first happens where the orders differ");
        Assert.True(differ.logical_and(isBrightnessFirst.logical_not()).any().item<bool>(), "contrast-first happens where the orders differ");
        AssertRate(Rate(isBrightnessFirst), 0.5, B, "brightness first");
    }

    [Fact]
    public void OrdersArePermutationsAndAll24Occur()
    {
        using var scope = NewDisposeScope();
        var order = ColourJitterOps.RandomOrder(rand(new long[] { 2400, 4 }, dtype: ScalarType.Float64, generator: new Generator(1, CPU)));

        Assert.True(order.sort(1).Values.eq(arange(4).view(1, 4)).all().item<bool>());
        var codes = order.select(1, 0).mul(64).add(order.select(1, 1).mul(16)).add(order.select(1, 2).mul(4)).add(order.select(1, 3));
        var (unique, _, counts) = codes.unique(return_counts: true);
        Assert.Equal(24, unique.shape[0]);
        Assert.True(counts!.min().item<long>() > 60, "each order about 100 times");
    }

    [Fact]
    public void JitterLeavesTheImagesWithJitterOffExactlyAlone()
    {
        using var scope = NewDisposeScope();
        var images = VisionTestContext.RandomImages(8, 3, 5, 2);
        var factors = tensor(new[] { 1.3, 0.7, 1.5, 0.2 }).view(1, 4).expand(8, 4).contiguous();
        var order = ColourJitterOps.RandomOrder(rand(new long[] { 8, 4 }, dtype: ScalarType.Float64, generator: new Generator(2, CPU)));
        var on = tensor(new[] { true, false, true, true, false, false, true, false });
        var view = ColourJitterOps.Apply(images, factors, order, on);

        Assert.True(SameImage(view, images, atol: 0).eq(on.logical_not()).all().item<bool>());
    }
}
