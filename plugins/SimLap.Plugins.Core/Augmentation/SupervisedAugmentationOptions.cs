using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SimLap.Plugins.Core.Augmentation;

/// <summary>
/// Options of the <c>supervised</c> augmentation: a random crop (resized crop, or pad-and-crop) and a horizontal flip,
/// then the optional normalisation; no colour operations, so it suits any number of channels.
/// </summary>
public sealed class SupervisedAugmentationOptions : IValidatableObject
{
    /// <summary>The crop: <c>resized</c> (random resized crop) or <c>pad</c> (pad and random crop of the image size).</summary>
    [Description("The crop: resized (random resized crop, crop_scale and crop_ratio) or pad (pad by padding pixels, random crop of the image size).")]
    public SupervisedCrop Crop { get; set; } = SupervisedCrop.Resized;

    /// <summary>Range of the resized crop's area as a fraction of the image, [min, max] within (0, 1].</summary>
    [Description("Range of the resized crop's area as a fraction of the image: [min, max] within (0, 1] (crop: resized).")]
    public double[] CropScale { get; set; } = [0.08, 1.0];

    /// <summary>Range of the resized crop's aspect ratio (width / height), drawn log-uniformly.</summary>
    [Description("Range of the resized crop's aspect ratio width/height: [min, max], drawn log-uniformly (crop: resized).")]
    public double[] CropRatio { get; set; } = [0.75, 4.0 / 3.0];

    /// <summary>Padding in pixels on each side for the pad-crop.</summary>
    [Description("Padding in pixels on each side before the random crop (crop: pad).")]
    [Range(0, 1024)]
    public int Padding { get; set; } = 4;

    /// <summary>What the padding is filled with.</summary>
    [Description("What the padding is filled with: zeros, reflect or edge (crop: pad).")]
    public SupervisedPadding PaddingMode { get; set; } = SupervisedPadding.Zeros;

    /// <summary>Probability of a horizontal flip.</summary>
    [Description("Probability of a horizontal flip.")]
    [Range(0.0, 1.0)]
    public double FlipP { get; set; } = 0.5;

    /// <summary>Per-channel means subtracted last (one value, or one per channel); empty: no normalisation.</summary>
    [Description("Normalisation means, one value or one per channel; empty (default): views stay in [0, 1].")]
    public double[] NormalizeMean { get; set; } = [];

    /// <summary>Per-channel standard deviations divided by last (one value, or one per channel); empty: no normalisation.</summary>
    [Description("Normalisation standard deviations, one value or one per channel; empty (default): views stay in [0, 1].")]
    public double[] NormalizeStd { get; set; } = [];

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        OptionRules.Crop(CropScale, CropRatio).Concat(OptionRules.Normalize(NormalizeMean, NormalizeStd));
}
