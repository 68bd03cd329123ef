using Microsoft.Extensions.Logging;
using SimLap.Contracts.Components;
using SimLap.Contracts.Evaluation;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Evaluators;

/// <summary>
/// The linear probe: backbone features of the train and test splits computed once (no augmentation), a linear classifier
/// fitted on the training features (<see cref="LinearProbe"/>: Adam logistic regression with a validation-chosen weight
/// decay, or closed-form ridge), top-1 / top-5 (with at least 5 classes) on the test features in %, and the chosen
/// <c>weight_decay</c> (the ridge lambda for <c>solver: ridge</c>).
/// </summary>
[SimLapComponent("linear-probe", Description = "Linear probe on frozen features (Adam logistic regression or closed-form ridge; top-1/top-5 %).")]
public sealed class LinearProbeEvaluator : SeededEvaluator<LinearProbeOptions>, IEvaluator
{
    /// <summary>Creates the evaluator; its validation split is seeded from the context's generator.</summary>
    public LinearProbeEvaluator(LinearProbeOptions options, ComponentContext context)
        : base(options, context)
    {
    }

    /// <inheritdoc />
    public string Protocol => "linear-probe";

    /// <inheritdoc />
    public EvaluationResult Evaluate(EvaluationContext context)
    {
        var (trainLabels, testLabels) = EvaluationInputs.Labels(context, Protocol);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var generator = new Generator((ulong)Seed, CPU);
        var train = context.Encoder.Extract(context.Train);
        var test = context.Encoder.Extract(context.Test);
        var classes = EvaluationInputs.Classes(context, trainLabels, testLabels);
        using var probe = LinearProbe.Fit(train, trainLabels, classes, Options.ToSettings() with { Cancellation = context.Cancellation }, generator);
        var metrics = new Dictionary<string, double>();
        Accuracy.Add(metrics, probe.Scores(test), testLabels, classes);
        metrics["weight_decay"] = probe.Regularisation;
        Logger.LogInformation("Linear probe ({Solver}): top-1 {Top1:F2}% with regularisation {Decay}", Options.Solver, metrics["top1"], probe.Regularisation);
        return new EvaluationResult(metrics, Array.Empty<string>());
    }
}
