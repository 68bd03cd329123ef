using System.Globalization;
using Microsoft.Extensions.Logging;
using SimLap.Engine.Experiments;
using SimLap.Engine.Running;
using SimLap.Engine.Tracking;

namespace SimLap.Engine.Sweeps;

/// <summary>
/// Runs a sweep's trials one after another as nested runs (<c>mlflow.parentRunId</c>) of one parent run. A failed
/// trial is marked FAILED and the sweep goes on; an interruption stops the sweep and marks the parent KILLED.
/// </summary>
public sealed class SweepRunner(ITrackingBackend backend, Func<ExperimentRunner> runners, ILogger logger)
{
    /// <summary>The environment variable that names an existing parent run (set by a cluster submission).</summary>
    public const string ParentRunVariable = "SIMLAP_PARENT_RUN_ID";

    /// <summary>Runs <paramref name="trials"/> of <paramref name="experiment"/> under a parent run (created unless <paramref name="parentRunId"/> is given).</summary>
    public IReadOnlyList<TrialOutcome> Run(LoadedExperiment experiment, IReadOnlyList<SweepTrial> trials, string? parentRunId, CancellationToken cancellation)
    {
        var resolved = experiment.BindAll();
        var first = resolved[0].Options;
        IRunTracker? parent = null;
        if (parentRunId is null)
        {
            parent = backend.StartRun(first.Tracking.Experiment, $"{first.Name}-sweep", new Dictionary<string, string>
            {
                ["simlap.sweep"] = "true",
                ["simlap.sweep.trials"] = experiment.Trials.Count.ToString(CultureInfo.InvariantCulture),
                ["mlflow.source.name"] = experiment.Path,
            });
            parentRunId = parent.RunId;
            foreach (var trial in experiment.Trials)
            {
                parent.SetTag($"simlap.sweep.trial.{trial.Index}", trial.Label);
            }
        }

        var outcomes = new List<TrialOutcome>();
        try
        {
            foreach (var trial in trials)
            {
                cancellation.ThrowIfCancellationRequested();
                var tags = new Dictionary<string, string>
                {
                    ["mlflow.parentRunId"] = parentRunId,
                    ["simlap.sweep.trial"] = trial.Index.ToString(CultureInfo.InvariantCulture),
                    ["simlap.sweep.overrides"] = trial.Label,
                };
                try
                {
                    var summary = runners().Run(resolved[trial.Index], cancellation, null, tags);
                    outcomes.Add(new TrialOutcome(trial, summary, null));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError("Sweep trial {Index} ({Overrides}) failed: {Message}", trial.Index, trial.Label, e.Message);
                    outcomes.Add(new TrialOutcome(trial, null, e.Message));
                }
            }

            parent?.SetTag("simlap.sweep.failed", outcomes.Count(o => o.Error is not null).ToString(CultureInfo.InvariantCulture));
            parent?.End(outcomes.Any(o => o.Error is not null) ? RunStatus.Failed : RunStatus.Finished);
            return outcomes;
        }
        catch (OperationCanceledException)
        {
            parent?.End(RunStatus.Killed);
            throw;
        }
        finally
        {
            parent?.Dispose();
        }
    }
}
