using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SimLap.Plugins.Core.Evaluators;

/// <summary>Options of the <c>few-shot</c> evaluator.</summary>
public sealed class FewShotOptions : IValidatableObject
{
    /// <summary>Labelled training examples per class.</summary>
    [Description("Labelled training examples drawn per class; counts larger than the smallest class are skipped with a warning.")]
    public int[] Shots { get; set; } = [1, 5, 10, 25];

    /// <summary>Draws per shot count.</summary>
    [Description("Independent draws per shot count (the k-shot draw of seed s contains its smaller shot counts' draws).")]
    [Range(1, 1000)]
    public int Seeds { get; set; } = 3;

    /// <summary>The probe's solver (ridge is fast and suits few examples).</summary>
    [Description("Probe solver: ridge (closed form, default, fast) or adam (logistic regression).")]
    public ProbeSolver Solver { get; set; } = ProbeSolver.Ridge;

    /// <summary>Adam: passes over the drawn examples.</summary>
    [Description("Adam: passes over the drawn examples.")]
    [Range(1, 100000)]
    public int Epochs { get; set; } = 100;

    /// <summary>Adam: peak learning rate of the cosine schedule.</summary>
    [Description("Adam: peak learning rate of the cosine schedule.")]
    [Range(1e-6, 10.0)]
    public double Lr { get; set; } = 0.01;

    /// <summary>Adam: weight decays chosen on a validation split of the drawn examples.</summary>
    [Description("Adam: weight decays chosen on a validation split (10%) of the drawn examples.")]
    public double[] WeightDecays { get; set; } = [.. LinearProbeSettings.DefaultWeightDecays];

    /// <summary>Ridge: penalties chosen by leave-one-out accuracy on the drawn examples.</summary>
    [Description("Ridge: penalties lambda chosen by leave-one-out accuracy on the drawn examples (ties, as with 1 shot: the largest); each > 0.")]
    public double[] RidgeLambdas { get; set; } = [.. LinearProbeSettings.DefaultRidgeLambdas];

    /// <summary>Also log each draw's accuracy (<c>shots_k/seed_s</c>).</summary>
    [Description("Also log each draw's top-1 as shots_<k>/seed_<s>.")]
    public bool PerSeed { get; set; } = true;

    /// <summary>The probe settings these options describe.</summary>
    public LinearProbeSettings ToSettings() => new(Solver, Epochs, Lr, 1024, WeightDecays, RidgeLambdas, 0.1);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Shots is not { Length: > 0 } || Shots.Any(s => s < 1))
        {
            yield return new ValidationResult("shots must be a non-empty list of counts >= 1.", [nameof(Shots)]);
        }

        foreach (var result in ProbeOptionChecks.Validate(WeightDecays, RidgeLambdas))
        {
            yield return result;
        }
    }
}
