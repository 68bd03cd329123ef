using System.ComponentModel.DataAnnotations;
using SimLap.Plugins.Core.Augmentation;

namespace SimLap.Plugins.Core.Tests.Augmentation;

public sealed class OptionsTests
{
    private static string[] Problems(object options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.SelectMany(result => result.MemberNames).Order().ToArray();
    }

    [Fact]
    public void DefaultsOfEveryRecipeAreValid()
    {
        Assert.Empty(Problems(new SimClrAugmentationOptions()));
        Assert.Empty(Problems(new ByolAugmentationOptions()));
        Assert.Empty(Problems(new MocoV3AugmentationOptions()));
        Assert.Empty(Problems(new SupervisedAugmentationOptions()));
    }

    [Fact]
    public void SimClrKeepsItsDefaultsAndAddsNoBlurOrSolarisation()
    {
        var options = new SimClrAugmentationOptions();

        Assert.Equal(new[] { 0.2, 1.0 }, options.CropScale);
        Assert.Equal(new[] { 0.75, 4.0 / 3.0 }, options.CropRatio);
        Assert.Equal(0.5, options.FlipP);
        Assert.Equal(0.8, options.JitterP);
        Assert.Equal(new[] { 0.4, 0.4, 0.4, 0.1 }, options.Jitter);
        Assert.Equal(0.2, options.GrayscaleP);
        Assert.Equal(new[] { 0.0 }, options.BlurP);
        Assert.Equal(new[] { 0.0 }, options.SolarizeP);
        Assert.Empty(options.NormalizeMean);
    }

    [Fact]
    public void PerViewProbabilitiesBlurSigmaAndNormalisationAreChecked()
    {
        var options = new ByolAugmentationOptions
        {
            BlurP = [1.0, 0.1, 0.5],
            SolarizeP = [1.5],
            BlurSigma = [2.0, 0.1],
            NormalizeMean = [0.5, 0.5],
            NormalizeStd = [0.2],
        };

        Assert.Equal(new[] { "BlurP", "BlurSigma", "NormalizeStd", "SolarizeP" }, Problems(options));

        var supervised = new SupervisedAugmentationOptions { NormalizeMean = [0.5], NormalizeStd = [0.0], CropScale = [0.0, 1.0] };
        Assert.Equal(new[] { "CropScale", "NormalizeStd" }, Problems(supervised));
    }
}
