using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SimLap.Plugins.Core.Augmentation;

/// <summary>
/// Options shared by the contrastive view recipes (<c>simclr</c>, <c>byol</c>, <c>moco-v3</c>): the keys are the same,
/// only the defaults differ. Each view goes through random resized crop and flip, colour jitter (in a random order per
/// image), random grayscale, Gaussian blur, solarisation and normalisation, in that order. <c>blur_p</c> and
/// <c>solarize_p</c> take one value (both views) or two, <c>[view 1, view 2]</c>: the recipe's calls alternate between
/// view 1 and view 2, since the engine calls <c>Apply</c> exactly twice per step, in view order.
/// </summary>
public abstract class ViewAugmentationOptions : IValidatableObject
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
    [Description("Probability of applying colour jitter to an image (its four parts in a random order per image, as torchvision).")]
    [Range(0.0, 1.0)]
    public double JitterP { get; set; } = 0.8;

    /// <summary>
    /// Colour jitter strengths [brightness, contrast, saturation, hue]: factors uniform in [max(0, 1 - s), 1 + s], hue shift
    /// uniform in [-h, h] turns (h at most 0.5). Saturation and hue are no-ops on single-channel images.
    /// </summary>
    [Description("Colour jitter strengths [brightness, contrast, saturation, hue]; hue at most 0.5. Saturation and hue are no-ops on 1-channel images.")]
    public double[] Jitter { get; set; } = [0.4, 0.4, 0.4, 0.1];

    /// <summary>Probability of converting an image to grayscale (a no-op on single-channel images).</summary>
    [Description("Probability of converting an image to grayscale (a no-op on 1-channel images).")]
    [Range(0.0, 1.0)]
    public double GrayscaleP { get; set; } = 0.2;

    /// <summary>Probability of a Gaussian blur: one value for both views, or [view 1, view 2].</summary>
    [Description("Probability of a Gaussian blur: one value for both views, or [view 1, view 2] (calls alternate view 1, view 2).")]
    public double[] BlurP { get; set; } = [0.0];

    /// <summary>Range of the blur's standard deviation in pixels, [min, max], drawn uniformly per image.</summary>
    [Description("Range of the Gaussian blur's sigma in pixels: [min, max], drawn uniformly per image.")]
    public double[] BlurSigma { get; set; } = [0.1, 2.0];

    /// <summary>The blur kernel's size as a fraction of the image's shorter side, made odd (at least 3), as in SimCLR.</summary>
    [Description("Blur kernel size as a fraction of the image's shorter side, made odd and at least 3 (SimCLR: 0.1).")]
    [Range(0.0, 1.0)]
    public double BlurSize { get; set; } = 0.1;

    /// <summary>Probability of solarisation: one value for both views, or [view 1, view 2].</summary>
    [Description("Probability of solarisation (x -> 1 - x where x >= solarize_threshold): one value for both views, or [view 1, view 2].")]
    public double[] SolarizeP { get; set; } = [0.0];

    /// <summary>Pixels at or above this value are inverted by solarisation.</summary>
    [Description("Solarisation inverts the pixels at or above this value.")]
    [Range(0.0, 1.0)]
    public double SolarizeThreshold { get; set; } = 0.5;

    /// <summary>Per-channel means subtracted last (one value for all channels, or one per channel); empty: no normalisation.</summary>
    [Description("Normalisation means, one value or one per channel; empty (default): views stay in [0, 1].")]
    public double[] NormalizeMean { get; set; } = [];

    /// <summary>Per-channel standard deviations divided by last (one value, or one per channel); empty: no normalisation.</summary>
    [Description("Normalisation standard deviations, one value or one per channel; empty (default): views stay in [0, 1].")]
    public double[] NormalizeStd { get; set; } = [];

    /// <summary>The probability of <paramref name="perView"/> for view 0 or 1.</summary>
    internal static double ForView(double[] perView, int view) => perView.Length == 1 ? perView[0] : perView[view];

    /// <inheritdoc />
    public virtual IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in OptionRules.Crop(CropScale, CropRatio))
        {
            yield return result;
        }

        if (Jitter is not { Length: 4 } || Jitter.Any(value => !(value >= 0.0) || double.IsInfinity(value)) || Jitter[3] > 0.5)
        {
            yield return new ValidationResult(
                "jitter must be [brightness, contrast, saturation, hue], each >= 0, with hue <= 0.5.", [nameof(Jitter)]);
        }

        foreach (var (values, name, key) in new[] { (BlurP, nameof(BlurP), "blur_p"), (SolarizeP, nameof(SolarizeP), "solarize_p") })
        {
            if (values is not { Length: 1 or 2 } || values.Any(p => !(p >= 0.0 && p <= 1.0)))
            {
                yield return new ValidationResult(
                    $"{key} must be one probability (both views) or two, [view 1, view 2], each within [0, 1].", [name]);
            }
        }

        if (BlurSigma is not [var sigmaMin, var sigmaMax] || !(sigmaMin > 0.0) || !(sigmaMin <= sigmaMax) || double.IsInfinity(sigmaMax))
        {
            yield return new ValidationResult("blur_sigma must be [min, max] with 0 < min <= max.", [nameof(BlurSigma)]);
        }

        foreach (var result in OptionRules.Normalize(NormalizeMean, NormalizeStd))
        {
            yield return result;
        }
    }
}
