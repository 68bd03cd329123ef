using Microsoft.Extensions.Logging;
using SimLap.Engine.Experiments;
using SimLap.Engine.Training;
using SimLap.Tracking;

namespace SimLap.Engine.Running;

/// <summary>
/// <c>simlap eval</c>: evaluates a trained encoder from a checkpoint with an experiment's evaluators, logging into the
/// run the checkpoint belongs to when the store can reopen it (keeping that run's status), else into a new run that names it.
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
        // Evaluating into a stored run takes its lease (refused while another process trains it) and keeps its status:
        // the status says how training ended, and a later evaluation does not change that.
        var stored = (backend as IResumableBackend)?.ReadRun(point.RunId);
        using var lease = stored is null ? null : RunLease.ForResume(stored, OwnerLiveness.ForThisMachine(), null);
        using var work = new RunWorkFolder(point.RunId + "-eval");
        var workDirectory = work.Path;
        var tracker = new DeferredTracker();
        using var pipeline = new PipelineBuilder(experiment, device, tracker, loggers, workDirectory).Build();
        var header = CheckpointFile.ReadModules(point.Checkpoint, pipeline);
        using var run = (stored is null ? null : ((IResumableBackend)backend).ResumeRun(point.RunId))
            ?? backend.StartRun(experiment.Options.Tracking.Experiment, $"{experiment.Options.Name}-eval", new Dictionary<string, string> { ["simlap.evaluated_run"] = point.RunId });
        lease?.Start(run);
        tracker.Attach(run);
        // A run left RUNNING by a process that is gone (its lease was free) was killed.
        RunStatus? kept = stored is null ? null : stored.Status is RunStatus.Finished or RunStatus.Failed or RunStatus.Killed ? stored.Status : RunStatus.Killed;
        var status = kept ?? RunStatus.Failed;
        try
        {
            run.SetTag("simlap.evaluated_checkpoint", CheckpointHome.Describe(experiment.Options, point.Checkpoint));
            // Into a stored run, this file's eval sections are not the run's: its simlap.eval.N.protocol tags stay.
            var metrics = new EvaluationRunner(pipeline, run, progress, loggers.CreateLogger<CheckpointEvaluator>(), experiment.Options.Train.BatchSize, workDirectory) { TagSections = stored is null }
                .Run(header.Progress.Epoch - 1, header.Progress.Step, _ => true);
            status = kept ?? RunStatus.Finished;
            return (run.RunId, metrics);
        }
        catch (Exception e) when (kept is not null)
        {
            run.SetTag("simlap.eval.error", e.Message);
            throw;
        }
        finally
        {
            lease?.StopHeartbeat();
            run.End(status);
        }
    }
}
