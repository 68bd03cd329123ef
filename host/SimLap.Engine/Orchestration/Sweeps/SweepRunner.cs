using System.Globalization;
using Microsoft.Extensions.Logging;
using SimLap.Engine.Compare;
using SimLap.Engine.Experiments;
using SimLap.Engine.Running;
using SimLap.Engine.Training;
using SimLap.Tracking;

namespace SimLap.Engine.Orchestration.Sweeps;

/// <summary>
/// Runs a sweep's trials one after another as nested runs (<c>mlflow.parentRunId</c>) of one parent run. A failed
/// trial is marked FAILED and the sweep goes on; an interruption stops the sweep and marks the parent KILLED.
/// </summary>
/// <remarks>
/// Under an existing parent (<see cref="ParentRunVariable"/>, e.g. a cluster job array) each trial is tagged with the
/// scheduler task that runs it (<see cref="ClusterTaskVariable"/>); with <see cref="ResumeTrialVariable"/> set, a
/// trial that already has a run under that parent continues it (a requeued task resumes its newest checkpoint, in
/// the same run id) or, when that run finished, is not run again. When every trial of the parent has ended
/// FINISHED or FAILED, the trial that ends last ends the parent.
/// </remarks>
public sealed class SweepRunner(ITrackingBackend backend, Func<ExperimentRunner> runners, ILogger logger)
{
    /// <summary>The environment variable that names an existing parent run (set by a cluster submission).</summary>
    public const string ParentRunVariable = "SIMLAP_PARENT_RUN_ID";

    /// <summary>The environment variable that, set to 1 or true, makes a trial continue its earlier run under the parent.</summary>
    public const string ResumeTrialVariable = "SIMLAP_RESUME_TRIAL";

    /// <summary>The environment variable naming the scheduler task that runs the trial (recorded as <see cref="SweepTags.ClusterTask"/>).</summary>
    public const string ClusterTaskVariable = "SIMLAP_CLUSTER_TASK";

    /// <summary>Whether trials continue their earlier runs under an existing parent (default: from <see cref="ResumeTrialVariable"/>).</summary>
    public bool ResumeTrials { get; init; } = Environment.GetEnvironmentVariable(ResumeTrialVariable)?.Trim().ToLowerInvariant() is "1" or "true" or "yes";

    /// <summary>The scheduler task running this process (default: from <see cref="ClusterTaskVariable"/>).</summary>
    public string? ClusterTask { get; init; } = Environment.GetEnvironmentVariable(ClusterTaskVariable) is { Length: > 0 } task ? task : null;

    /// <summary>How a claimant of a parent's summary is judged gone (see <see cref="SweepSummaryClaim"/>).</summary>
    public OwnerLiveness Liveness { get; init; } = OwnerLiveness.ForThisMachine();

    /// <summary>
    /// Draws one metric's comparison of the trials into a folder and returns the picture's path, for the parent's
    /// artifacts (the host gives <c>simlap compare</c>'s bar chart); none when null. A failure to draw is a warning.
    /// </summary>
    public Func<ComparisonResult, string, string>? Plot { get; init; }

    /// <summary>The tags of a sweep's parent run: the sweep marker, the trial count, the source and each trial's overrides.</summary>
    public static Dictionary<string, string> ParentTags(LoadedExperiment experiment)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [SweepTags.Sweep] = "true",
            [SweepTags.Trials] = experiment.Trials.Count.ToString(CultureInfo.InvariantCulture),
            ["mlflow.source.name"] = experiment.Path,
        };
        var folder = Path.GetDirectoryName(Path.GetFullPath(experiment.Path))!;
        if (GitInfo.Commit(folder) is { } commit)
        {
            tags["mlflow.source.git.commit"] = commit;
            tags["simlap.git.dirty"] = GitInfo.Dirty(folder) ?? "unknown";
        }

        foreach (var trial in experiment.Trials)
        {
            tags[SweepTags.TrialLabelPrefix + trial.Index.ToString(CultureInfo.InvariantCulture)] = trial.Label;
        }

        return tags;
    }

    /// <summary>Runs <paramref name="trials"/> of <paramref name="experiment"/> under a parent run (created unless <paramref name="parentRunId"/> is given).</summary>
    public IReadOnlyList<TrialOutcome> Run(LoadedExperiment experiment, IReadOnlyList<SweepTrial> trials, string? parentRunId, CancellationToken cancellation)
    {
        var resolved = experiment.BindAll();
        var first = resolved[0].Options;
        IRunTracker? parent = null;
        RunLease? parentLease = null;
        RunWorkFolder? work = null;
        if (parentRunId is null)
        {
            // This process owns the parent like a trial's run, so a killed sweep's parent does not stay RUNNING.
            parent = backend.StartRun(first.Tracking.Experiment, $"{first.Name}-sweep", ParentTags(experiment).Concat(RunLease.NewRunTags()).ToDictionary());
            parentRunId = parent.RunId;
            parentLease = RunLease.ForNewRun(backend, parent, logger);
            parentLease.Start(parent);
            work = new RunWorkFolder(parentRunId);
            SweepDefinition.Log(parent, experiment, work.Path);
        }

        var store = parent is null ? SweepStores.For(backend, logger) : null;
        var outcomes = new List<TrialOutcome>();
        try
        {
            foreach (var trial in trials)
            {
                cancellation.ThrowIfCancellationRequested();
                outcomes.Add(RunTrial(resolved, trial, parentRunId, store, cancellation));
            }

            parent?.SetTag(SweepTags.Failed, outcomes.Count(o => o.Error is not null).ToString(CultureInfo.InvariantCulture));
            parentLease?.StopHeartbeat();
            if (parent is not null)
            {
                SweepResults.Log(parent, first.Tracking.Experiment, outcomes, work!.Path, Plot is null ? null : TryPlot);
                parent.SetTag(SweepTags.SummaryStep, "0");
                parent.SetTag(SweepTags.SummaryState, "in-process");
            }

            parent?.End(outcomes.Any(o => o.Error is not null) ? RunStatus.Failed : RunStatus.Finished);
            if (store is not null)
            {
                TryCompleteParent(store, parentRunId, experiment);
            }

            return outcomes;
        }
        catch (OperationCanceledException)
        {
            parentLease?.StopHeartbeat();
            parent?.End(RunStatus.Killed);
            throw;
        }
        finally
        {
            parentLease?.StopHeartbeat();
            // The artifacts are copied in the background: the scratch folder goes once the parent has ended.
            parent?.Dispose();
            parentLease?.Dispose();
            work?.Dispose();
        }
    }

    /// <summary>
    /// Runs one trial as a nested run of <paramref name="parentRunId"/>; with <see cref="ResumeTrials"/>, a trial whose
    /// newest run there finished is not run again and one that did not continues from its checkpoint. A failure is
    /// its outcome; an interruption is thrown.
    /// </summary>
    private TrialOutcome RunTrial(IReadOnlyList<ResolvedExperiment> resolved, SweepTrial trial, string parentRunId, ISweepStore? store, CancellationToken cancellation)
    {
        var tags = new Dictionary<string, string>
        {
            [SweepTags.ParentRunId] = parentRunId,
            [SweepTags.Trial] = trial.Index.ToString(CultureInfo.InvariantCulture),
            [SweepTags.Overrides] = trial.Label,
        };
        if (ClusterTask is not null)
        {
            tags[SweepTags.ClusterTask] = ClusterTask;
        }

        try
        {
            var previous = store is not null && ResumeTrials ? Previous(store, parentRunId, trial.Index) : null;
            if (previous is { Status: "FINISHED" })
            {
                logger.LogWarning("Sweep trial {Index} already finished as run {RunId}; it is not run again.", trial.Index, previous.RunId);
                return new TrialOutcome(trial, SweepCompletion.Summary(previous), null);
            }

            var resume = previous is null ? null : ResumePoint.TryResolve(previous.RunId, resolved[trial.Index].Options, backend.LocalRoot, logger);
            if (previous is not null)
            {
                if (resume is not null && backend is IResumableBackend)
                {
                    logger.LogWarning("Sweep trial {Index} continues its run {RunId} ({Status}) from {Checkpoint}.", trial.Index, previous.RunId, previous.Status, resume.Checkpoint);
                }
                else
                {
                    logger.LogWarning("Sweep trial {Index} has an earlier run {RunId} ({Status}) that cannot be continued (no checkpoint, or a store that cannot reopen runs); it starts afresh.", trial.Index, previous.RunId, previous.Status);
                    resume = null;
                }
            }

            var summary = runners().Run(resolved[trial.Index], cancellation, resume, tags);
            return new TrialOutcome(trial, summary, null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError("Sweep trial {Index} ({Overrides}) failed: {Message}", trial.Index, trial.Label, e.Message);
            return new TrialOutcome(trial, null, e.Message);
        }
    }

    /// <summary>
    /// Ends the parent whose trials have all ended FINISHED or FAILED (their newest runs) with the sweep's summary, as
    /// FINISHED, or FAILED when a trial failed (<see cref="SweepCompletion"/>). Returns whether this call wrote the
    /// summary. Safe to call from several trials at once; called again after a trial was re-run, it writes the summary
    /// of the new results.
    /// </summary>
    public bool TryCompleteParent(ISweepStore store, string parentRunId, LoadedExperiment experiment)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        var completion = new SweepCompletion(backend, logger) { Liveness = Liveness, Plot = Plot is null ? null : TryPlot };
        return completion.TryComplete(store, parentRunId, experiment.Trials, experiment.BindAll()[0].Options.Tracking.Experiment);
    }

    private string? TryPlot(ComparisonResult result, string folder)
    {
        try
        {
            return Plot!(result, folder);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A picture is a convenience: the sweep's results are in its metrics and tables whatever happens here.
            logger.LogWarning("The sweep's plot of {Metric} was not drawn: {Error}", result.Metric, e.Message);
            return null;
        }
    }

    private RunRecord? Previous(ISweepStore store, string parentRunId, int index)
    {
        try
        {
            return SweepStores.NewestPerTrial(store.Children(parentRunId)).GetValueOrDefault(index);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or TrackingStoreException or Tracking.Rest.MlflowApiException)
        {
            logger.LogWarning("Could not look for an earlier run of trial {Index} under {Parent}: {Error}; it starts afresh.", index, parentRunId, e.Message);
            return null;
        }
    }

}
