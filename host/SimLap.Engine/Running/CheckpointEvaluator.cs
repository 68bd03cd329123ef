using Microsoft.Extensions.Logging;
using SimLap.Engine.Experiments;
using SimLap.Engine.Tracking;
using SimLap.Engine.Training;

namespace SimLap.Engine.Running;

/// <summary>
/// <c>simlap eval</c>: evaluates a trained encoder from a checkpoint with an experiment's evaluators, logging into the
/// run the checkpoint belongs to when the store can reopen it (a local store), else into a new run that names it.
/// </summary>
public sealed class CheckpointEvaluator(ITrackingBackend backend, ILoggerFactory loggers, IProgressReporter progress)
{
    /// <summary>
    /// Runs every evaluator of <paramref name="experiment"/> on the encoder saved in <paramref name="point"/>. The
    /// checkpoint is verified and loaded before the run is reopened: one that is damaged or does not fit the
    /// experiment is a <see cref="CheckpointException"/> and leaves the run as it was.
    /// </summary>
    public (string RunId, IReadOnlyDictionary<string, double> Metrics) Evaluate(ResolvedExperiment experiment, ResumePoint point)
    {
        var device = DeviceSelection.Select(experiment.Options.Device);
        DeviceSelection.ConfigureCpuRuntime(experiment.Options.Threads);
        using var work = new RunWorkFolder(point.RunId + "-eval");
        var workDirectory = work.Path;
        var tracker = new DeferredTracker();
        using var pipeline = new PipelineBuilder(experiment, device, tracker, loggers, workDirectory).Build();
        var header = CheckpointFile.ReadModules(point.Checkpoint, pipeline);
        using var run = (backend as IResumableBackend)?.ResumeRun(point.RunId)
            ?? backend.StartRun(experiment.Options.Tracking.Experiment, $"{experiment.Options.Name}-eval", new Dictionary<string, string> { ["simlap.evaluated_run"] = point.RunId });
        tracker.Attach(run);
        var status = RunStatus.Failed;
        try
        {
            run.SetTag("simlap.evaluated_checkpoint", point.Checkpoint);
            var metrics = new EvaluationRunner(pipeline, run, progress, loggers.CreateLogger<CheckpointEvaluator>(), experiment.Options.Train.BatchSize, workDirectory)
                .Run(header.Progress.Epoch - 1, header.Progress.Step, _ => true);
            status = RunStatus.Finished;
            return (run.RunId, metrics);
        }
        finally
        {
            run.End(status);
        }
    }
}
