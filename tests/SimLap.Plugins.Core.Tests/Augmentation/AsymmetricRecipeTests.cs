using SimLap.Contracts.Data;
using SimLap.Plugins.Core.Augmentation;
using SimLap.Plugins.Core.Tests.Data;
using static SimLap.Plugins.Core.Tests.Augmentation.AugmentationTestKit;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Augmentation;

public sealed class AsymmetricRecipeTests
{
    private const long N = 2000;

    public static TheoryData<string> Recipes() => new() { "byol", "moco-v3" };

    [Theory]
    [MemberData(nameof(Recipes))]
    public void DefaultsAreBlurOneAndPointOneAndSolariseZeroAndPointTwo(string recipe)
    {
        ViewAugmentationOptions options = recipe == "byol" ? new ByolAugmentationOptions() : new MocoV3AugmentationOptions();

        Assert.Equal(new[] { 1.0, 0.1 }, options.BlurP);
        Assert.Equal(new[] { 0.0, 0.2 }, options.SolarizeP);
        Assert.Equal(new[] { 0.08, 1.0 }, options.CropScale);
        Assert.Equal(new[] { 0.4, 0.4, 0.2, 0.1 }, options.Jitter);
        Assert.Equal(0.8, options.JitterP);
        Assert.Equal(0.2, options.GrayscaleP);
        Assert.Equal(new[] { 0.1, 2.0 }, options.BlurSigma);
    }

    [Theory]
    [MemberData(nameof(Recipes))]
    public void CallsAlternateViewOneAndViewTwoBlur(string recipe)
    {
        // Dark images: solarisation (threshold 0.5) leaves them alone, so any change is the blur.
        using var scope = NewDisposeScope();
        var images = VisionTestContext.RandomImages(N, 1, 6, 31).mul(0.45);
        var augmentation = Create(recipe, 8);

        var blurred1 = SameImage(augmentation.Apply(images), images).logical_not();
        var blurred2 = SameImage(augmentation.Apply(images), images).logical_not();
        var blurred3 = SameImage(augmentation.Apply(images), images).logical_not();

        Assert.True(blurred1.all().item<bool>(), "view 1: blur with probability 1");
        AssertRate(Rate(blurred2), 0.1, N, "view 2 blur");
        Assert.True(blurred3.all().item<bool>(), "the third call is view 1 again");
    }

    [Theory]
    [MemberData(nameof(Recipes))]
    public void CallsAlternateViewOneAndViewTwoSolarisation(string recipe)
    {
        // Flat images: the blur leaves them alone, so any change is solarisation (0.7 -> 0.3).
        using var scope = NewDisposeScope();
        var images = full(N, 3, 6, 6, 0.7f);
        var augmentation = Create(recipe, 9);

        var solarised1 = SameImage(augmentation.Apply(images), images).logical_not();
        var view2 = augmentation.Apply(images);
        var solarised2 = SameImage(view2, images).logical_not();

        Assert.False(solarised1.any().item<bool>(), "view 1: no solarisation");
        AssertRate(Rate(solarised2), 0.2, N, "view 2 solarisation");
        Assert.True(SameImage(view2, full_like(images, 0.3f)).eq(solarised2).all().item<bool>());
    }

    [Fact]
    public void ThePipelineTracksTheNextView()
    {
        using var scope = NewDisposeScope();
        var augmentation = new ByolAugmentation(new ByolAugmentationOptions(), VisionTestContext.Create());
        var images = VisionTestContext.RandomImages(2, 3, 8, 1);

        Assert.Equal(0, augmentation.Pipeline.NextView);
        augmentation.Apply(images);
        Assert.Equal(1, augmentation.Pipeline.NextView);
        augmentation.Apply(images);
        Assert.Equal(0, augmentation.Pipeline.NextView);
    }

    /// <summary>The recipe with its per-view blur and solarisation probabilities and everything else off.</summary>
    private static IAugmentation Create(string recipe, long seed)
    {
        var context = VisionTestContext.Create(seed);
        if (recipe == "byol")
        {
            var byol = new ByolAugmentationOptions();
            return new ByolAugmentation(KeepBlurAndSolarise(byol), context);
        }

        var moco = new MocoV3AugmentationOptions();
        return new MocoV3Augmentation(KeepBlurAndSolarise(moco), context);
    }

    private static T KeepBlurAndSolarise<T>(T options)
        where T : ViewAugmentationOptions
    {
        var (blur, solarise) = (options.BlurP, options.SolarizeP);
        Off(options);
        options.BlurP = blur;
        options.SolarizeP = solarise;

        // Sigma at least 1 pixel, so every blur is visible (sigma 0.1 is nearly the identity).
        options.BlurSigma = [1.0, 2.0];
        return options;
    }
}
