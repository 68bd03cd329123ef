using SimLap.Plugins.Core.Augmentation;
using SimLap.Plugins.Core.Tests.Data;
using static SimLap.Plugins.Core.Tests.Augmentation.AugmentationTestKit;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Augmentation;

public sealed class RecipeTests
{
    public static TheoryData<string, int> RecipesAndChannels()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in RecipeNames)
        {
            data.Add(name, 3);
            data.Add(name, 1);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RecipesAndChannels))]
    public void BothViewsKeepShapeTypeAndRange(string recipe, int channels)
    {
        using var scope = NewDisposeScope();
        var images = VisionTestContext.RandomImages(16, channels, 20, 7);
        var augmentation = Recipe(recipe);

        for (var call = 0; call < 2; call++)
        {
            var view = augmentation.Apply(images);
            Assert.Equal(images.shape, view.shape);
            Assert.Equal(ScalarType.Float32, view.dtype);
            Assert.True(view.min().item<float>() >= 0f && view.max().item<float>() <= 1f, $"{recipe} view {call + 1} in [0, 1]");
            Assert.Equal(recipe == "none", view.allclose(images, rtol: 0, atol: 1e-3));
        }
    }

    [Theory]
    [InlineData("simclr")]
    [InlineData("byol")]
    [InlineData("moco-v3")]
    [InlineData("supervised")]
    [InlineData("supervised-pad")]
    public void IsReproducibleFromTheSeedAndDiffersWithAnother(string recipe)
    {
        using var scope = NewDisposeScope();
        var images = VisionTestContext.RandomImages(8, 3, 16, 3);
        var first = Recipe(recipe, seed: 5);
        var again = Recipe(recipe, seed: 5);
        var other = Recipe(recipe, seed: 6);

        var a1 = first.Apply(images);
        var a2 = first.Apply(images);
        Assert.True(a1.allclose(again.Apply(images), rtol: 0, atol: 0));
        Assert.True(a2.allclose(again.Apply(images), rtol: 0, atol: 0));
        Assert.False(a1.allclose(a2, atol: 1e-3), "successive views differ");
        Assert.False(a1.allclose(other.Apply(images), atol: 1e-3), "another seed gives other views");
    }

    [Fact]
    public void ColourOperationsAreNoOpsOnSingleChannelImages()
    {
        using var scope = NewDisposeScope();
        var images = VisionTestContext.RandomImages(8, 1, 10, 4);
        var options = Off(new SimClrAugmentationOptions());
        options.JitterP = 1.0;
        options.Jitter = [0.0, 0.0, 0.8, 0.5];
        options.GrayscaleP = 1.0;
        var view = new SimClrAugmentation(options, VisionTestContext.Create()).Apply(images);

        Assert.True(view.allclose(images, rtol: 0, atol: 1e-5));
    }

    [Fact]
    public void SingleChannelImagesStillGetBrightnessContrastBlurAndSolarisation()
    {
        using var scope = NewDisposeScope();
        var images = VisionTestContext.RandomImages(6, 1, 12, 9);
        foreach (var configure in new Action<ViewAugmentationOptions>[]
                 {
                     o => { o.JitterP = 1.0; o.Jitter = [0.4, 0.0, 0.0, 0.0]; },
                     o => { o.JitterP = 1.0; o.Jitter = [0.0, 0.4, 0.0, 0.0]; },
                     o => { o.BlurP = [1.0]; },
                     o => { o.SolarizeP = [1.0]; },
                 })
        {
            var options = Off(new SimClrAugmentationOptions());
            configure(options);
            var view = new SimClrAugmentation(options, VisionTestContext.Create()).Apply(images);
            Assert.False(view.allclose(images, atol: 1e-3));
        }
    }

    [Fact]
    public void NormalisationIsTheLastStep()
    {
        using var scope = NewDisposeScope();
        var images = VisionTestContext.RandomImages(4, 3, 8, 2);
        var plain = new ByolAugmentationOptions();
        var normalised = new ByolAugmentationOptions { NormalizeMean = [0.4, 0.5, 0.6], NormalizeStd = [0.2, 0.25, 0.5] };

        var expected = new ByolAugmentation(plain, VisionTestContext.Create(3)).Apply(images)
            .sub(tensor(new[] { 0.4f, 0.5f, 0.6f }).view(1, 3, 1, 1)).div(tensor(new[] { 0.2f, 0.25f, 0.5f }).view(1, 3, 1, 1));
        var actual = new ByolAugmentation(normalised, VisionTestContext.Create(3)).Apply(images);

        Assert.True(actual.allclose(expected, rtol: 0, atol: 1e-5));
    }

    [Fact]
    public void NormalisationWithTheWrongNumberOfChannelsIsAClearError()
    {
        var options = new SimClrAugmentationOptions { NormalizeMean = [0.5, 0.5, 0.5], NormalizeStd = [0.2, 0.2, 0.2] };
        var error = Assert.Throws<InvalidOperationException>(
            () => new SimClrAugmentation(options, VisionTestContext.Create(data: VisionTestContext.Images(channels: 1))));
        Assert.Contains("1 channel", error.Message);

        using var scope = NewDisposeScope();
        var late = new SupervisedAugmentation(new SupervisedAugmentationOptions { NormalizeMean = [0.5, 0.5], NormalizeStd = [1, 1] }, VisionTestContext.Create());
        Assert.Throws<InvalidOperationException>(() => late.Apply(VisionTestContext.RandomImages(2, 3, 4, 1)));
    }
}
