using SimLap.Plugins.Core.Augmentation;
using SimLap.Plugins.Core.Tests.Data;
using TorchSharp;
using static SimLap.Plugins.Core.Tests.Augmentation.AugmentationTestKit;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Augmentation;

public sealed class SupervisedAugmentationTests
{
    [Theory]
    [InlineData(SupervisedPadding.Zeros)]
    [InlineData(SupervisedPadding.Edge)]
    public void PadCropIsAnExactShiftOfThePaddedImage(SupervisedPadding fill)
    {
        using var scope = NewDisposeScope();
        const int B = 200, P = 2, S = 6;
        var images = VisionTestContext.RandomImages(B, 3, S, 4);
        var options = new SupervisedAugmentationOptions { Crop = SupervisedCrop.Pad, Padding = P, PaddingMode = fill, FlipP = 0.5 };
        var view = new SupervisedAugmentation(options, VisionTestContext.Create(6)).Apply(images);

        var padded = nn.functional.pad(images, [P, P, P, P], fill == SupervisedPadding.Zeros ? PaddingModes.Constant : PaddingModes.Replicate);
        var matched = zeros(B, dtype: ScalarType.Int64);
        var shifts = new HashSet<(int, int)>();
        for (var dy = 0; dy <= 2 * P; dy++)
        {
            for (var dx = 0; dx <= 2 * P; dx++)
            {
                var crop = padded.narrow(2, dy, S).narrow(3, dx, S);
                var hit = SameImage(view, crop, atol: 0).logical_or(SameImage(view, crop.flip(3), atol: 0));
                if (hit.any().item<bool>())
                {
                    shifts.Add((dy, dx));
                }

                matched.add_(hit.to(ScalarType.Int64));
            }
        }

        Assert.True(matched.ge(1).all().item<bool>(), "every view is a shifted (maybe mirrored) crop of the padded image");
        Assert.True(shifts.Count >= 20, $"most of the 25 shifts occur ({shifts.Count})");
    }

    [Fact]
    public void ResizedCropWithFullScaleAndNoFlipIsTheIdentity()
    {
        using var scope = NewDisposeScope();
        var images = VisionTestContext.RandomImages(4, 1, 8, 2);
        var options = new SupervisedAugmentationOptions { CropScale = [1.0, 1.0], CropRatio = [1.0, 1.0], FlipP = 0.0 };

        Assert.True(new SupervisedAugmentation(options, VisionTestContext.Create()).Apply(images).allclose(images, rtol: 0, atol: 1e-5));
    }
}
