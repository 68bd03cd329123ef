namespace SimLap.Plugins.Core.Evaluators;

/// <summary>How <see cref="LinearProbe"/> fits (shared by <c>linear-probe</c>, <c>few-shot</c> and <c>corruption</c>).</summary>
/// <param name="Solver">Adam-trained logistic regression or closed-form ridge.</param>
/// <param name="Epochs">Adam: passes over the fitting set.</param>
/// <param name="LearningRate">Adam: peak learning rate of the cosine schedule.</param>
/// <param name="BatchSize">Adam: examples per step (full batch when the set is smaller).</param>
/// <param name="WeightDecays">Adam: L2 coefficients to choose from on the validation split.</param>
/// <param name="RidgeLambdas">Ridge: penalties to choose from by leave-one-out accuracy (all &gt; 0).</param>
/// <param name="ValidationFraction">Adam: share of the fitting set held out to choose the weight decay.</param>
public sealed record LinearProbeSettings(
    ProbeSolver Solver,
    int Epochs,
    double LearningRate,
    int BatchSize,
    IReadOnlyList<double> WeightDecays,
    IReadOnlyList<double> RidgeLambdas,
    double ValidationFraction)
{
    /// <summary>Checked once per Adam epoch, so that a signal stops a long fit (the evaluation context's token).</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>Default Adam weight decays.</summary>
    public static readonly double[] DefaultWeightDecays = [0, 1e-5, 1e-4, 1e-3];

    /// <summary>Default ridge penalties (on the scale of X^T X / n with standardised features).</summary>
    public static readonly double[] DefaultRidgeLambdas = [1e-3, 1e-2, 1e-1, 1, 10];

    /// <summary>The ridge probe with the default penalties.</summary>
    public static LinearProbeSettings Ridge { get; } = new(ProbeSolver.Ridge, 100, 0.01, 1024, DefaultWeightDecays, DefaultRidgeLambdas, 0.1);
}
