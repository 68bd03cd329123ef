using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SimLap.Plugins.Core.Augmentation;

/// <summary>Options of the <c>simclr</c> augmentation.</summary>
public sealed class SimClrAugmentationOptions : IValidatableObject
{
    /// <summary>Range of the crop's area as a fraction of the image, [min, max] within (0, 1].</summary>
    [Description("Range of the random crop's area as a fraction of the image: [min, max] within (0, 1].")]
    public double[] CropScale { get; set; } = [0.2, 1.0];

    /// <summary>Range of the crop's aspect ratio (width / height), [min, max], drawn log-uniformly.</summary>
    [Description("Range of the random crop's aspect ratio width/height: [min, max], drawn log-uniformly.")]
    public double[] CropRatio { get; set; } = [0.75, 4.0 / 3.0];

    /// <summary>Probability of a horizontal flip.</summary>
    [Description("Probability of a horizontal flip.")]
    [Range(0.0, 1.0)]
    public double FlipP { get; set; } = 0.5;

    /// <summary>Probability of applying colour jitter to an image.</summary>
    [Description("Probability of applying colour jitter to an image.")]
    [Range(0.0, 1.0)]
    public double JitterP { get; set; } = 0.8;

    /// <summary>Colour jitter strengths [brightness, contrast, saturation, hue]; hue at most 0.5.</summary>
    [Description("Colour jitter strengths [brightness, contrast, saturation, hue]; hue at most 0.5.")]
    public double[] Jitter { get; set; } = [0.4, 0.4, 0.4, 0.1];

    /// <summary>Probability of converting an image to grayscale (RGB images only).</summary>
    [Description("Probability of converting an image to grayscale (RGB images only).")]
    [Range(0.0, 1.0)]
    public double GrayscaleP { get; set; } = 0.2;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (CropScale is not [var scaleMin, var scaleMax] || !(scaleMin > 0.0) || !(scaleMin <= scaleMax) || !(scaleMax <= 1.0))
        {
            yield return new ValidationResult("crop_scale must be [min, max] with 0 < min <= max <= 1.", [nameof(CropScale)]);
        }

        if (CropRatio is not [var ratioMin, var ratioMax] || !(ratioMin > 0.0) || !(ratioMin <= ratioMax) || double.IsInfinity(ratioMax))
        {
            yield return new ValidationResult("crop_ratio must be [min, max] with 0 < min <= max.", [nameof(CropRatio)]);
        }

        if (Jitter is not { Length: 4 } || Jitter.Any(value => !(value >= 0.0) || double.IsInfinity(value)) || Jitter[3] > 0.5)
        {
            yield return new ValidationResult(
                "jitter must be [brightness, contrast, saturation, hue], each >= 0, with hue <= 0.5.", [nameof(Jitter)]);
        }
    }
}
