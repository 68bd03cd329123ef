using SimLap.Contracts.Data;
using SimLap.Plugins.Core.Augmentation;
using SimLap.Plugins.Core.Tests.Data;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Augmentation;

/// <summary>Recipes by name, options that switch everything off, and image statistics for the augmentation tests.</summary>
internal static class AugmentationTestKit
{
    /// <summary>Every recipe's YAML name.</summary>
    public static readonly string[] RecipeNames = ["simclr", "byol", "moco-v3", "supervised", "supervised-pad", "none"];

    /// <summary>A recipe with its default options ("supervised-pad": the pad-crop variant).</summary>
    public static IAugmentation Recipe(string name, long seed = 1)
    {
        var context = VisionTestContext.Create(seed);
        return name switch
        {
            "simclr" => new SimClrAugmentation(new SimClrAugmentationOptions(), context),
            "byol" => new ByolAugmentation(new ByolAugmentationOptions(), context),
            "moco-v3" => new MocoV3Augmentation(new MocoV3AugmentationOptions(), context),
            "supervised" => new SupervisedAugmentation(new SupervisedAugmentationOptions(), context),
            "supervised-pad" => new SupervisedAugmentation(new SupervisedAugmentationOptions { Crop = SupervisedCrop.Pad }, context),
            "none" => new NoAugmentation(new SimLap.Contracts.Components.NoOptions(), context),
            _ => throw new ArgumentException(name, nameof(name)),
        };
    }

    /// <summary>Options with the identity crop and every random operation off; tests switch on what they need.</summary>
    public static T Off<T>(T options)
        where T : ViewAugmentationOptions
    {
        options.CropScale = [1.0, 1.0];
        options.CropRatio = [1.0, 1.0];
        options.FlipP = 0.0;
        options.JitterP = 0.0;
        options.GrayscaleP = 0.0;
        options.BlurP = [0.0];
        options.SolarizeP = [0.0];
        return options;
    }

    /// <summary>Mean absolute difference between neighbouring pixels, per image [B].</summary>
    public static Tensor TotalVariation(Tensor images) =>
        images.diff(dim: 3).abs().mean([1, 2, 3]).add(images.diff(dim: 2).abs().mean([1, 2, 3]));

    /// <summary>Per image: whether it equals <paramref name="other"/> within <paramref name="atol"/>, [B] bool.</summary>
    public static Tensor SameImage(Tensor images, Tensor other, double atol = 1e-5) =>
        images.sub(other).abs().amax([1, 2, 3]).le(atol);

    /// <summary>The fraction of set entries of a bool tensor.</summary>
    public static double Rate(Tensor mask) => mask.to(ScalarType.Float64).mean().item<double>();

    /// <summary>Asserts a rate is within four binomial standard deviations of <paramref name="p"/>.</summary>
    public static void AssertRate(double rate, double p, long n, string what)
    {
        var tolerance = 4.0 * Math.Sqrt(p * (1.0 - p) / n) + 1e-9;
        Assert.True(Math.Abs(rate - p) <= tolerance, $"{what}: rate {rate:F4}, expected {p} +- {tolerance:F4} (n = {n}).");
    }
}
