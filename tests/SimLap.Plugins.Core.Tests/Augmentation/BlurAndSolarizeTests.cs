using SimLap.Plugins.Core.Augmentation;
using SimLap.Plugins.Core.Tests.Data;
using TorchSharp;
using static SimLap.Plugins.Core.Tests.Augmentation.AugmentationTestKit;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Augmentation;

public sealed class BlurAndSolarizeTests
{
    [Theory]
    [InlineData(32, 32, 0.1, 3)]
    [InlineData(28, 28, 0.1, 3)]
    [InlineData(16, 16, 0.1, 3)]
    [InlineData(96, 96, 0.1, 9)]
    [InlineData(224, 224, 0.1, 23)]
    [InlineData(64, 32, 0.25, 9)]
    [InlineData(2, 2, 0.1, 3)]
    [InlineData(1, 5, 0.1, 1)]
    public void KernelSizeIsATenthOfTheImageMadeOdd(long height, long width, double fraction, int expected) =>
        Assert.Equal(expected, BlurOps.KernelSize(height, width, fraction));

    [Fact]
    public void KernelsAreNormalisedSymmetricAndWiderForLargerSigma()
    {
        using var scope = NewDisposeScope();
        var kernels = BlurOps.Kernels(tensor(new[] { 0.5, 1.0, 2.0 }), 7);

        Assert.Equal(new long[] { 3, 7 }, kernels.shape);
        Assert.True(kernels.sum(1).allclose(ones(3, dtype: ScalarType.Float64)));
        Assert.True(kernels.allclose(kernels.flip(1)));
        var centre = kernels.select(1, 3);
        Assert.True(centre[0].item<double>() > centre[1].item<double>() && centre[1].item<double>() > centre[2].item<double>());
    }

    [Fact]
    public void LargeSigmaReducesTotalVariationAndTinySigmaIsTheIdentity()
    {
        using var scope = NewDisposeScope();
        var images = VisionTestContext.RandomImages(8, 3, 16, 5);
        var size = 5;

        var blurred = BlurOps.GaussianBlur(images, full(8, 3.0, dtype: ScalarType.Float64), size);
        var sharp = BlurOps.GaussianBlur(images, full(8, 0.1, dtype: ScalarType.Float64), size);

        Assert.True(TotalVariation(blurred).lt(TotalVariation(images).mul(0.5)).all().item<bool>());
        Assert.True(sharp.allclose(images, rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void EachImageIsBlurredWithItsOwnSigmaAsBySeparableConvolution()
    {
        using var scope = NewDisposeScope();
        var images = VisionTestContext.RandomImages(4, 3, 9, 6);
        var sigma = tensor(new[] { 0.3, 0.8, 1.5, 2.0 });
        const int Size = 5;
        var batched = BlurOps.GaussianBlur(images, sigma, Size);

        // Reference: each image alone, a full 2-D kernel (outer product) on the reflect-padded image, channel by channel.
        var kernels = BlurOps.Kernels(sigma, Size).to(ScalarType.Float32);
        for (var b = 0; b < 4; b++)
        {
            var k2 = kernels[b].view(-1, 1).mul(kernels[b].view(1, -1)).view(1, 1, Size, Size).expand(3, 1, Size, Size);
            var padded = nn.functional.pad(images[b].unsqueeze(0), [2, 2, 2, 2], PaddingModes.Reflect);
            var expected = nn.functional.conv2d(padded, k2, groups: 3);
            Assert.True(batched[b].unsqueeze(0).allclose(expected, rtol: 0, atol: 1e-5), $"image {b}");
        }
    }

    [Fact]
    public void RandomBlurLeavesTheUnselectedImagesExactlyAlone()
    {
        using var scope = NewDisposeScope();
        var images = VisionTestContext.RandomImages(6, 3, 8, 8);
        var mask = tensor(new[] { true, false, true, false, false, true });
        var view = BlurOps.RandomGaussianBlur(images, mask, full(6, 2.0, dtype: ScalarType.Float64), 3);

        var same = SameImage(view, images, atol: 0);
        Assert.True(same.eq(mask.logical_not()).all().item<bool>());
    }

    [Fact]
    public void RecipeBlurWithLargeSigmaSmoothsTheSameCrops()
    {
        // The draws are the same whatever the options, so the same seed gives the same crops with and without blur.
        using var scope = NewDisposeScope();
        var images = VisionTestContext.RandomImages(32, 3, 32, 9);
        var sharpOptions = new SimClrAugmentationOptions { JitterP = 0.0, GrayscaleP = 0.0 };
        var blurOptions = new SimClrAugmentationOptions { JitterP = 0.0, GrayscaleP = 0.0, BlurP = [1.0], BlurSigma = [2.0, 2.0] };

        var sharp = new SimClrAugmentation(sharpOptions, VisionTestContext.Create(4)).Apply(images);
        var blurred = new SimClrAugmentation(blurOptions, VisionTestContext.Create(4)).Apply(images);

        Assert.True(TotalVariation(blurred).lt(TotalVariation(sharp)).all().item<bool>());
    }

    [Fact]
    public void SolarisationInvertsExactlyThePixelsAtOrAboveTheThreshold()
    {
        using var scope = NewDisposeScope();
        var values = new[] { 0.0f, 0.3f, 0.59f, 0.6f, 0.61f, 0.9f, 1.0f };
        var image = tensor(values).view(1, 1, 1, -1).expand(2, 1, 1, -1).contiguous();
        var view = PixelOps.Solarize(image, tensor(new[] { true, false }), 0.6);

        var expected = values.Select(v => v >= 0.6f ? 1.0f - v : v).ToArray();
        Assert.Equal(new[] { 0.0f, 0.3f, 0.59f, 1.0f - 0.6f, 1.0f - 0.61f, 1.0f - 0.9f, 0.0f }, expected);
        Assert.Equal(expected, view[0].flatten().data<float>().ToArray());
        Assert.Equal(values, view[1].flatten().data<float>().ToArray());
    }

    [Fact]
    public void RecipeSolarisationUsesTheThresholdOption()
    {
        using var scope = NewDisposeScope();
        var images = VisionTestContext.RandomImages(4, 3, 6, 3);
        var options = Off(new SimClrAugmentationOptions());
        options.SolarizeP = [1.0];
        options.SolarizeThreshold = 0.7;
        var view = new SimClrAugmentation(options, VisionTestContext.Create()).Apply(images);

        Assert.True(view.allclose(where(images.ge(0.7), images.neg().add(1.0), images), rtol: 0, atol: 1e-6));
    }
}
