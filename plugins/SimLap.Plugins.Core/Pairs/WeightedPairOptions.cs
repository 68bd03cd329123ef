using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using SimLap.Contracts.Components;

namespace SimLap.Plugins.Core.Pairs;

/// <summary>Options of the <c>weighted</c> pair sampler.</summary>
public sealed class WeightedPairOptions : IValidatableObject
{
    /// <summary>Path of the C x C class-distance CSV file, relative to the experiment file unless absolute.</summary>
    [Description("Path of a C x C class-distance CSV (comma-separated, optional non-numeric header row), relative to the experiment file.")]
    [FilePath]
    public string Distances { get; set; } = "";

    /// <summary>Exponent alpha: the partner class is drawn with probability proportional to 1/(1+d)^alpha.</summary>
    [Description("Exponent alpha: partner drawn with probability proportional to 1/(1+d(y1,y2))^alpha; 0 = uniform over classes.")]
    [Range(0.0, 100.0)]
    public double Alpha { get; set; } = 1.0;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Distances))
        {
            yield return new ValidationResult("the 'weighted' sampler needs the path of a class-distance CSV file.", [nameof(Distances)]);
        }
    }
}
