namespace SimLap.Contracts.Evaluation;

/// <summary>Metrics (keys without the protocol prefix, e.g. <c>top1</c>) and files written by an evaluator.</summary>
/// <param name="Metrics">Metric name to value.</param>
/// <param name="Artifacts">Paths of files to store with the run.</param>
public sealed record EvaluationResult(IReadOnlyDictionary<string, double> Metrics, IReadOnlyList<string> Artifacts);
