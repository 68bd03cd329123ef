using SimLap.Plugins.Core.Augmentation;
using SimLap.Plugins.Core.Tests.Data;
using static SimLap.Plugins.Core.Tests.Augmentation.AugmentationTestKit;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Augmentation;

public sealed class StatisticsTests
{
    private const long N = 2000;

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.2)]
    public void FlipRateIsNearFlipP(double p)
    {
        using var scope = NewDisposeScope();
        var images = VisionTestContext.RandomImages(N, 3, 4, 11);
        var options = Off(new SimClrAugmentationOptions());
        options.FlipP = p;
        var view = new SimClrAugmentation(options, VisionTestContext.Create(2)).Apply(images);

        var flipped = SameImage(view, images.flip(3));
        var kept = SameImage(view, images);
        Assert.True(flipped.logical_xor(kept).all().item<bool>(), "every image is either mirrored or kept");
        AssertRate(Rate(flipped), p, N, "flip");
    }

    [Fact]
    public void SupervisedFlipRateIsNearFlipP()
    {
        using var scope = NewDisposeScope();
        var images = VisionTestContext.RandomImages(N, 1, 4, 12);
        var options = new SupervisedAugmentationOptions { Crop = SupervisedCrop.Pad, Padding = 0, FlipP = 0.3 };
        var view = new SupervisedAugmentation(options, VisionTestContext.Create(3)).Apply(images);

        var flipped = SameImage(view, images.flip(3));
        Assert.True(flipped.logical_xor(SameImage(view, images)).all().item<bool>());
        AssertRate(Rate(flipped), 0.3, N, "flip");
    }

    [Fact]
    public void GrayscaleRateIsNearGrayscaleP()
    {
        using var scope = NewDisposeScope();
        var images = VisionTestContext.RandomImages(N, 3, 4, 13);
        var options = Off(new SimClrAugmentationOptions());
        options.GrayscaleP = 0.3;
        var view = new SimClrAugmentation(options, VisionTestContext.Create(4)).Apply(images);

        var gray = view.select(1, 0).sub(view.select(1, 1)).abs().add(view.select(1, 0).sub(view.select(1, 2)).abs()).amax([1, 2]).le(1e-6);
        Assert.True(gray.logical_xor(SameImage(view, images)).all().item<bool>(), "every image is either gray or kept");
        AssertRate(Rate(gray), 0.3, N, "grayscale");
    }

    [Fact]
    public void JitterRateIsNearJitterPAndFactorsStayInRange()
    {
        using var scope = NewDisposeScope();
        var images = VisionTestContext.RandomImages(N, 3, 4, 14).mul(0.5).add(0.1);
        var options = Off(new SimClrAugmentationOptions());
        options.JitterP = 0.8;
        options.Jitter = [0.4, 0.0, 0.0, 0.0];
        var view = new SimClrAugmentation(options, VisionTestContext.Create(5)).Apply(images);

        var factor = view.div(images).mean([1, 2, 3]);
        AssertRate(Rate(factor.sub(1.0).abs().gt(1e-5)), 0.8, N, "jitter");
        Assert.True(factor.min().item<float>() >= 0.6f - 1e-5f && factor.max().item<float>() <= 1.4f + 1e-5f);

        // Brightness factors are uniform in [0.6, 1.4]: mean 1, standard deviation 0.8 / sqrt(12).
        var jittered = factor.masked_select(factor.sub(1.0).abs().gt(1e-5));
        Assert.InRange(jittered.mean().item<float>(), 0.98f, 1.02f);
        Assert.InRange(jittered.std().item<float>(), 0.21f, 0.25f);
    }

    [Fact]
    public void CropAreasFollowCropScale()
    {
        using var scope = NewDisposeScope();
        var options = new SimClrAugmentationOptions { CropScale = [0.3, 0.7], CropRatio = [1.0, 1.0] };
        var parameters = new ViewPipeline(options, new Generator(7, CPU)).Sample(N, 32, 32, 0);
        var area = parameters.CropWidth.mul(parameters.CropHeight);

        Assert.True(area.min().item<double>() >= 0.3 - 1e-9 && area.max().item<double>() <= 0.7 + 1e-9);
        Assert.InRange(area.mean().item<double>(), 0.49, 0.51);
        Assert.True(parameters.CentreX.abs().add(parameters.CropWidth).max().item<double>() <= 1.0 + 1e-9, "crops stay inside the image");
    }
}
