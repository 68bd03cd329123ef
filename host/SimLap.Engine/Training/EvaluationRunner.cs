using Microsoft.Extensions.Logging;
using SimLap.Contracts.Data;
using SimLap.Contracts.Evaluation;
using SimLap.Contracts.Tracking;
using TorchSharp;

namespace SimLap.Engine.Training;

/// <summary>
/// Runs the pipeline's evaluators on the frozen encoder and logs what they return as <c>eval/&lt;protocol&gt;/&lt;key&gt;</c>
/// (<c>eval/&lt;protocol&gt;/&lt;data set&gt;/&lt;key&gt;</c> when an evaluator transfers to another data set), with their
/// files as artifacts under the same prefix (<c>eval/&lt;protocol&gt;</c>, or <c>eval/&lt;protocol&gt;/&lt;data set&gt;</c>),
/// so a transfer evaluator's plot never replaces the in-domain one. Used during training and by <c>simlap eval</c>.
/// <paramref name="cancellation"/> (SIGINT/SIGTERM) is checked between evaluators and by the encoder between its
/// batches, so a signal stops an evaluation within a batch (<see cref="OperationCanceledException"/>).
/// </summary>
public sealed class EvaluationRunner(Pipeline pipeline, ITracker tracker, IProgressReporter progress, ILogger logger, int batchSize, string workDirectory, CancellationToken cancellation = default)
{
    /// <summary>
    /// Whether each evaluator's section is recorded as the tag <c>simlap.&lt;section&gt;.protocol</c> (default true).
    /// False when the evaluators are not the run's own, as when <c>simlap eval</c> logs into a stored run: that run's
    /// tags describe its experiment's <c>eval</c> sections, which another file's sections of the same index would overwrite.
    /// </summary>
    public bool TagSections { get; init; } = true;

    /// <summary>Runs the evaluators <paramref name="which"/> selects and returns the metrics logged.</summary>
    public IReadOnlyDictionary<string, double> Run(int epoch, long step, Func<PipelineEvaluator, bool> which)
    {
        var metrics = new Dictionary<string, double>();
        var chosen = pipeline.Evaluators.Where(which).ToList();
        if (chosen.Count == 0)
        {
            return metrics;
        }

        pipeline.SetTraining(false);
        try
        {
            foreach (var entry in chosen)
            {
                cancellation.ThrowIfCancellationRequested();
                Evaluate(entry, epoch, step, metrics);
            }
        }
        finally
        {
            pipeline.SetTraining(true);
        }

        return metrics;
    }

    /// <summary>Runs one evaluator and logs its metrics and files into <paramref name="metrics"/> and the tracker.</summary>
    private void Evaluate(PipelineEvaluator entry, int epoch, long step, Dictionary<string, double> metrics)
    {
        var (train, test, data, prefix) = entry.Transfer is { } transfer
            ? (transfer.Train, transfer.Test, transfer.Dataset.Info, MetricNames.EvaluatorPrefix(entry.Evaluator.Protocol, transfer.Dataset.Info.Name))
            : (pipeline.EvaluationReference, pipeline.Test, pipeline.Dataset.Info, MetricNames.EvaluatorPrefix(entry.Evaluator.Protocol));
        if (train.Labels is null || test.Labels is null)
        {
            logger.LogWarning("Evaluator {Section} ({Protocol}) skipped: its data has no labels to evaluate with.", entry.Section, entry.Evaluator.Protocol);
            return;
        }

        progress.Status($"evaluating {entry.Evaluator.Protocol} ({entry.Section}{(entry.Transfer is null ? "" : $" on {data.Name}")})");
        if (TagSections)
        {
            tracker.SetTag($"simlap.{entry.Section}.protocol", entry.Transfer is null ? entry.Evaluator.Protocol : $"{entry.Evaluator.Protocol} on {data.Name}");
        }

        var trainedOn = pipeline.Dataset.Info;
        var context = new EvaluationContext(Extractor(null, trainedOn), train, test, data, epoch)
        {
            Embedder = Extractor(pipeline.Projector, trainedOn),
            Head = entry.Transfer is null ? pipeline.Head : null,
            // A transfer evaluator writes its files in a sub-folder of its own, so they never overwrite an in-domain
            // evaluator's files of the same name (few-shot-epoch020.png) before those are logged.
            WorkDirectory = entry.Transfer is null ? workDirectory : Directory.CreateDirectory(Path.Combine(workDirectory, data.Name)).FullName,
            Cancellation = cancellation,
        };
        using var scope = torch.NewDisposeScope();
        var result = entry.Evaluator.Evaluate(context);
        foreach (var (key, value) in result.Metrics)
        {
            var name = prefix + key;
            tracker.LogMetric(name, value, step);
            metrics[name] = value;
            progress.Status($"  {name} = {value:F2}");
        }

        foreach (var artifact in result.Artifacts)
        {
            tracker.LogArtifact(artifact, prefix.TrimEnd('/'));
        }
    }

    private FeatureExtractor Extractor(SimLap.Contracts.Model.IProjector? projector, DatasetInfo trainedOn) =>
        new(pipeline.Backbone, pipeline.Device, Math.Max(batchSize, 256), projector, trainedOn, cancellation);
}
