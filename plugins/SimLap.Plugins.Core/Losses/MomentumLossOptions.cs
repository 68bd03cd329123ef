using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SimLap.Plugins.Core.Losses;

/// <summary>Options every loss with a momentum (EMA) target and a predictor shares.</summary>
public abstract class MomentumLossOptions : IValidatableObject
{
    /// <summary>Momentum of the target network at the first step.</summary>
    [Description("Momentum of the EMA target at the first step; it rises to momentum_final along a half cosine.")]
    [Range(0.0, 1.0)]
    public double MomentumBase { get; set; } = 0.99;

    /// <summary>Momentum of the target network at the last step.</summary>
    [Description("Momentum of the EMA target at the last step.")]
    [Range(0.0, 1.0)]
    public double MomentumFinal { get; set; } = 1.0;

    /// <summary>Hidden width of the predictor MLP Linear(d, h) - BN - ReLU - Linear(h, d).</summary>
    [Description("Hidden width of the predictor Linear(d, h)-BN-ReLU-Linear(h, d).")]
    [Range(1, 1_048_576)]
    public int PredHidden { get; set; } = 512;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MomentumBase > MomentumFinal)
        {
            yield return new ValidationResult(
                $"the momentum rises over training, so momentum_base ({MomentumBase}) must not exceed momentum_final ({MomentumFinal}).",
                [nameof(MomentumBase)]);
        }
    }
}
