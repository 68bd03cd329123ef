using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SimLap.Plugins.Core.Losses;

/// <summary>Options of the <c>moco-v3</c> loss.</summary>
public sealed class MocoV3Options : IValidatableObject
{
    /// <summary>The temperature tau of the InfoNCE logits.</summary>
    [Description("Temperature tau: logits are cos(q, k) / tau (MoCo v3's 0.2).")]
    [Range(1e-4, 100.0)]
    public double Temperature { get; set; } = 0.2;

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
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        MomentumTargets.Validate(MomentumBase, MomentumFinal);
}
