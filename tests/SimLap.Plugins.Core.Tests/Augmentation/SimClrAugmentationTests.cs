using System.ComponentModel.DataAnnotations;
using SimLap.Contracts.Components;
using SimLap.Plugins.Core.Augmentation;
using SimLap.Plugins.Core.Tests.Data;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Augmentation;

public sealed class SimClrAugmentationTests
{
    private static SimClrAugmentation Create(SimClrAugmentationOptions? options = null, long seed = 1) =>
        new(options ?? new SimClrAugmentationOptions(), VisionTestContext.Create(seed));

    private static SimClrAugmentationOptions NoCrop(double flip = 0.0) => new()
    {
        CropScale = [1.0, 1.0],
        CropRatio = [1.0, 1.0],
        FlipP = flip,
        JitterP = 0.0,
        GrayscaleP = 0.0,
    };

    [Fact]
    public void KeepsShapeTypeAndRange()
    {
        using var scope = NewDisposeScope();
        var images = VisionTestContext.RandomImages(16, 3, 20, 7);
        var view = Create().Apply(images);

        Assert.Equal(images.shape, view.shape);
        Assert.Equal(ScalarType.Float32, view.dtype);
        Assert.True(view.min().item<float>() >= 0f && view.max().item<float>() <= 1f);
        Assert.False(view.allclose(images, atol: 1e-3), "the default pipeline changes the images");
    }

    [Fact]
    public void IsReproducibleWithTheSameGeneratorSeedAndDiffersWithAnother()
    {
        using var scope = NewDisposeScope();
        var images = VisionTestContext.RandomImages(8, 3, 16, 3);
        var first = Create(seed: 5);
        var again = Create(seed: 5);
        var other = Create(seed: 6);

        var a1 = first.Apply(images);
        var a2 = first.Apply(images);
        Assert.True(a1.allclose(again.Apply(images), rtol: 0, atol: 0));
        Assert.True(a2.allclose(again.Apply(images), rtol: 0, atol: 0));
        Assert.False(a1.allclose(a2, atol: 1e-3), "successive views differ");
        Assert.False(a1.allclose(other.Apply(images), atol: 1e-3));
    }

    [Fact]
    public void FullCropWithCertainFlipIsExactlyTheMirroredImage()
    {
        using var scope = NewDisposeScope();
        var images = VisionTestContext.RandomImages(4, 3, 12, 9);

        var flipped = Create(NoCrop(flip: 1.0)).Apply(images);
        var kept = Create(NoCrop(flip: 0.0)).Apply(images);

        Assert.True(flipped.allclose(images.flip(3), rtol: 0, atol: 1e-5));
        Assert.True(kept.allclose(images, rtol: 0, atol: 1e-5));
    }

    [Fact]
    public void CropsAreResizedZoomsOfTheImage()
    {
        // A horizontal ramp stays a ramp under crop-and-resize (no flip): increasing along x, constant along y.
        using var scope = NewDisposeScope();
        var ramp = linspace(0.0, 1.0, 16).view(1, 1, 1, 16).expand(8, 3, 16, 16).contiguous();
        var options = NoCrop();
        options.CropScale = [0.2, 0.5];
        options.CropRatio = [0.75, 4.0 / 3.0];
        var view = Create(options).Apply(ramp);

        var steps = view.diff(dim: 3);
        Assert.True(steps.min().item<float>() > 0f, "increasing along x");
        Assert.True(view.std(2).max().item<float>() < 1e-5f, "constant along y");
        // A crop of a fraction of the width spans a smaller range of the ramp than the full image.
        var span = view.select(3, 15).sub(view.select(3, 0)).mean().item<float>();
        Assert.InRange(span, 0.3f, 0.85f);
    }

    [Fact]
    public void CertainGrayscaleGivesEqualChannels()
    {
        using var scope = NewDisposeScope();
        var images = VisionTestContext.RandomImages(6, 3, 10, 4);
        var options = NoCrop();
        options.GrayscaleP = 1.0;
        var view = Create(options).Apply(images);

        Assert.True(view.select(1, 0).allclose(view.select(1, 1), rtol: 0, atol: 1e-6));
        Assert.True(view.select(1, 0).allclose(view.select(1, 2), rtol: 0, atol: 1e-6));
        var luma = images.select(1, 0).mul(0.299).add(images.select(1, 1).mul(0.587)).add(images.select(1, 2).mul(0.114));
        Assert.True(view.select(1, 0).allclose(luma, rtol: 0, atol: 1e-5));
    }

    [Fact]
    public void HueJitterRotatesChromaButKeepsLuma()
    {
        using var scope = NewDisposeScope();
        // Mid-range colours, so a hue rotation never clips.
        var images = VisionTestContext.RandomImages(8, 3, 8, 2).mul(0.2).add(0.4);
        var options = NoCrop();
        options.JitterP = 1.0;
        options.Jitter = [0.0, 0.0, 0.0, 0.5];
        var view = Create(options).Apply(images);

        Assert.True(ColourLuma(view).allclose(ColourLuma(images), rtol: 0, atol: 1e-5));
        Assert.True(view.sub(images).abs().max().item<float>() > 0.01f);
    }

    [Fact]
    public void BrightnessJitterScalesEachImageByOneFactorInRange()
    {
        using var scope = NewDisposeScope();
        var images = VisionTestContext.RandomImages(32, 3, 8, 12).mul(0.5).add(0.1);
        var options = NoCrop();
        options.JitterP = 1.0;
        options.Jitter = [0.4, 0.0, 0.0, 0.0];
        var ratio = Create(options).Apply(images).div(images);

        var perImage = ratio.mean([1, 2, 3]);
        Assert.True(ratio.sub(perImage.view(-1, 1, 1, 1)).abs().max().item<float>() < 1e-4f, "one factor per image");
        Assert.True(perImage.min().item<float>() >= 0.6f && perImage.max().item<float>() <= 1.4f);
        Assert.True(perImage.std().item<float>() > 0.1f, "factors vary across the batch");
    }

    [Fact]
    public void JitterIsAppliedWithItsProbability()
    {
        using var scope = NewDisposeScope();
        var images = VisionTestContext.RandomImages(400, 3, 4, 13).mul(0.5).add(0.1);
        var options = NoCrop();
        options.JitterP = 0.8;
        var changed = Create(options).Apply(images).sub(images).abs().amax([1, 2, 3]).gt(1e-4).to(ScalarType.Float32).mean().item<float>();

        Assert.InRange(changed, 0.72f, 0.88f);
    }

    [Fact]
    public void SingleChannelImagesGetCropFlipBrightnessAndContrast()
    {
        using var scope = NewDisposeScope();
        var images = VisionTestContext.RandomImages(5, 1, 12, 8);
        var options = new SimClrAugmentationOptions { JitterP = 1.0, GrayscaleP = 1.0 };
        var view = Create(options).Apply(images);

        Assert.Equal(images.shape, view.shape);
        Assert.True(view.min().item<float>() >= 0f && view.max().item<float>() <= 1f);
    }

    [Fact]
    public void OptionsRejectMalformedRanges()
    {
        var options = new SimClrAugmentationOptions { CropScale = [0.5, 0.2], CropRatio = [1.0], Jitter = [0.4, 0.4, 0.4, 0.6], FlipP = 2 };
        var results = new List<ValidationResult>();

        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        Assert.Contains(results, result => result.MemberNames.Contains("FlipP"));

        // Range attributes fail first; the cross-field rules run once they pass.
        options.FlipP = 0.5;
        results.Clear();
        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        Assert.Equal(new[] { "CropRatio", "CropScale", "Jitter" }, results.SelectMany(result => result.MemberNames).Order().ToArray());

        var defaults = new SimClrAugmentationOptions();
        Assert.True(Validator.TryValidateObject(defaults, new ValidationContext(defaults), results, validateAllProperties: true));
    }

    [Fact]
    public void NoneReturnsTheImagesOnANewHandle()
    {
        var images = VisionTestContext.RandomImages(2, 3, 4, 1);
        var view = new NoAugmentation(new NoOptions(), VisionTestContext.Create()).Apply(images);

        Assert.True(view.allclose(images, rtol: 0, atol: 0));
        view.Dispose();
        Assert.Equal(2L, images.shape[0]);
        images.Dispose();
    }

    private static Tensor ColourLuma(Tensor images) => images.select(1, 0).mul(0.299).add(images.select(1, 1).mul(0.587)).add(images.select(1, 2).mul(0.114));
}
