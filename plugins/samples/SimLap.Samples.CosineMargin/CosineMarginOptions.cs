using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SimLap.Samples.CosineMargin;

/// <summary>Options of <see cref="CosineMarginLoss"/>: the YAML keys <c>margin</c> and <c>temperature</c>.</summary>
public sealed class CosineMarginOptions : IValidatableObject
{
    /// <summary>Margin subtracted from positive cosines before the softmax.</summary>
    [Description("Margin subtracted from positive (gated) cosine similarities before the softmax.")]
    [Range(0.0, 1.0)]
    public double Margin { get; set; } = 0.2;

    /// <summary>Softmax temperature.</summary>
    [Description("Softmax temperature.")]
    [Range(0.01, 10.0)]
    public double Temperature { get; set; } = 0.1;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Margin / Temperature > 20.0)
        {
            yield return new ValidationResult(
                $"margin / temperature is {Margin / Temperature:0.#}; above 20 the margin saturates the softmax and positives get no gradient. Lower the margin or raise the temperature.",
                [nameof(Margin)]);
        }
    }
}
