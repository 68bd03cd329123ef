using SimLap.Contracts.Components;
using SimLap.Contracts.Evaluation;

namespace SimLap.Plugins.TestKit;

/// <summary>An evaluator that encodes the test set over and over, to test signals during evaluation.</summary>
[SimLapComponent("slow-eval", Description = "Test kit: evaluator that encodes the test set many times.")]
public sealed class SlowEvaluator(SlowEvaluatorOptions options, ComponentContext context) : IEvaluator
{
    /// <inheritdoc />
    public string Protocol => "slow";

    /// <inheritdoc />
    public EvaluationResult Evaluate(EvaluationContext evaluation)
    {
        _ = context;
        var passes = Passes(options);
        for (var pass = 0; pass < passes; pass++)
        {
            // Deliberately not checking evaluation.Cancellation: the encoder's own check between batches must do.
            using var features = evaluation.Encoder.Extract(evaluation.Test.Images);
        }

        return new EvaluationResult(new Dictionary<string, double> { ["passes"] = passes }, []);
    }

    /// <summary>
    /// The passes: SIMLAP_TESTKIT_SLOW_EVAL_PASSES when set, else the option. A resume must use the options the run
    /// was started with, so a test that hangs the first evaluation lets the resumed one finish through the variable.
    /// </summary>
    private static int Passes(SlowEvaluatorOptions options) =>
        int.TryParse(Environment.GetEnvironmentVariable("SIMLAP_TESTKIT_SLOW_EVAL_PASSES"), out var passes) ? passes : options.Passes;
}

/// <summary>Options of <see cref="SlowEvaluator"/>.</summary>
public sealed class SlowEvaluatorOptions
{
    /// <summary>How many times the test set is encoded.</summary>
    [System.ComponentModel.Description("How many times the test set is encoded.")]
    [System.ComponentModel.DataAnnotations.Range(1, int.MaxValue)]
    public int Passes { get; set; } = 1_000_000;
}
