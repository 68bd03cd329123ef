using System.ComponentModel.DataAnnotations;

namespace SimLap.Plugins.Core.Augmentation;

/// <summary>Validation rules shared by the augmentation options.</summary>
internal static class OptionRules
{
    /// <summary>The rules of <c>crop_scale</c> and <c>crop_ratio</c>.</summary>
    public static IEnumerable<ValidationResult> Crop(double[] scale, double[] ratio)
    {
        if (scale is not [var scaleMin, var scaleMax] || !(scaleMin > 0.0) || !(scaleMin <= scaleMax) || !(scaleMax <= 1.0))
        {
            yield return new ValidationResult("crop_scale must be [min, max] with 0 < min <= max <= 1.", ["CropScale"]);
        }

        if (ratio is not [var ratioMin, var ratioMax] || !(ratioMin > 0.0) || !(ratioMin <= ratioMax) || double.IsInfinity(ratioMax))
        {
            yield return new ValidationResult("crop_ratio must be [min, max] with 0 < min <= max.", ["CropRatio"]);
        }
    }

    /// <summary>The rules of <c>normalize_mean</c> and <c>normalize_std</c>.</summary>
    public static IEnumerable<ValidationResult> Normalize(double[] mean, double[] std)
    {
        if (mean.Length != std.Length)
        {
            yield return new ValidationResult(
                $"normalize_mean and normalize_std must have the same length (both empty: no normalisation); found {mean.Length} and {std.Length}.",
                ["NormalizeStd"]);
        }

        if (mean.Any(value => !double.IsFinite(value)))
        {
            yield return new ValidationResult("normalize_mean must hold finite numbers.", ["NormalizeMean"]);
        }

        if (std.Any(value => !(value > 0.0) || double.IsInfinity(value)))
        {
            yield return new ValidationResult("normalize_std must hold positive numbers.", ["NormalizeStd"]);
        }
    }

    /// <summary>Throws a clear error when the normalisation's length fits neither one value nor <paramref name="channels"/>.</summary>
    public static void CheckNormalizeChannels(double[] mean, long channels)
    {
        if (mean.Length > 1 && mean.Length != channels)
        {
            throw new InvalidOperationException(
                $"normalize_mean and normalize_std have {mean.Length} values, but the images have {channels} channel(s): give one value, or one per channel.");
        }
    }
}
