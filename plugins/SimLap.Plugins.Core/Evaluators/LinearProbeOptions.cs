using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SimLap.Plugins.Core.Evaluators;

/// <summary>Options of the <c>linear-probe</c> evaluator.</summary>
public sealed class LinearProbeOptions : IValidatableObject
{
    /// <summary>Adam-trained logistic regression or closed-form ridge.</summary>
    [Description("adam: multinomial logistic regression trained with Adam and a cosine schedule; ridge: closed-form ridge regression onto one-hot targets.")]
    public ProbeSolver Solver { get; set; } = ProbeSolver.Adam;

    /// <summary>Adam: passes over the training features.</summary>
    [Description("Adam: passes over the (frozen, precomputed) training features.")]
    [Range(1, 100000)]
    public int Epochs { get; set; } = 100;

    /// <summary>Adam: peak learning rate, decayed to 0 by a cosine schedule.</summary>
    [Description("Adam: peak learning rate, decayed to 0 with a cosine schedule over all steps (features are standardised, so 0.01 suits most encoders).")]
    [Range(1e-6, 10.0)]
    public double Lr { get; set; } = 0.01;

    /// <summary>Adam: examples per step.</summary>
    [Description("Adam: examples per step; full batch when the training set is smaller.")]
    [Range(1, 10000000)]
    public int BatchSize { get; set; } = 1024;

    /// <summary>Adam: L2 coefficients chosen on the validation split.</summary>
    [Description("Adam: L2 coefficients on the weights to choose from by validation top-1 (the bias is not decayed); the probe is then refitted on all training features.")]
    public double[] WeightDecays { get; set; } = [.. LinearProbeSettings.DefaultWeightDecays];

    /// <summary>Ridge: penalties chosen by leave-one-out accuracy.</summary>
    [Description("Ridge: penalties lambda (on the scale of X^T X / n with standardised features) to choose from by closed-form leave-one-out accuracy; each > 0.")]
    public double[] RidgeLambdas { get; set; } = [.. LinearProbeSettings.DefaultRidgeLambdas];

    /// <summary>Adam: share of the training features held out to choose the weight decay.</summary>
    [Description("Adam: share of the training features held out (seeded) to choose the weight decay.")]
    [Range(0.01, 0.5)]
    public double ValidationFraction { get; set; } = 0.1;

    /// <summary>The probe settings these options describe.</summary>
    public LinearProbeSettings ToSettings() => new(Solver, Epochs, Lr, BatchSize, WeightDecays, RidgeLambdas, ValidationFraction);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) => ProbeOptionChecks.Validate(WeightDecays, RidgeLambdas);
}
