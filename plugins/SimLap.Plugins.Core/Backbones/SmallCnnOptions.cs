using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SimLap.Plugins.Core.Backbones;

/// <summary>Options of the <c>small-cnn</c> backbone.</summary>
public sealed class SmallCnnOptions : IValidatableObject
{
    /// <summary>Channels of each stage; the first keeps the resolution, each later stage halves it.</summary>
    [Description("Channels of each conv stage; the first keeps the resolution, each later one halves it.")]
    public int[] Widths { get; set; } = [32, 64, 128];

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Widths is not { Length: > 0 } || Widths.Any(width => width is < 1 or > 8192))
        {
            yield return new ValidationResult("widths must list at least one stage, each between 1 and 8192 channels.", [nameof(Widths)]);
        }
    }
}
