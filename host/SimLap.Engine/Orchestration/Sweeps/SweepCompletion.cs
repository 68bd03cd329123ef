using System.Globalization;
using Microsoft.Extensions.Logging;
using SimLap.Engine.Compare;
using SimLap.Engine.Experiments;
using SimLap.Engine.Running;
using SimLap.Engine.Training;
using SimLap.Tracking;

namespace SimLap.Engine.Orchestration.Sweeps;

/// <summary>
/// Ends a sweep parent whose trials ran in other processes, with the end summary of <see cref="SweepResults"/>, once
/// every trial's newest run has ended FINISHED or FAILED. Exactly one process writes the summary of one state of the
/// trials (<see cref="SweepSummaryClaim"/>), a claimant killed half-way is taken over, and a trial re-run later (a new
/// state) makes the next finisher write it again at the next step (<see cref="SweepTags.SummaryStep"/>), so each
/// summary metric point is stored once.
/// </summary>
/// <param name="backend">The store the parent is in (it reopens the parent to log the summary).</param>
/// <param name="logger">Receives what happened.</param>
public sealed class SweepCompletion(ITrackingBackend backend, ILogger logger)
{
    /// <summary>How a claimant of the summary is judged gone.</summary>
    public OwnerLiveness Liveness { get; init; } = OwnerLiveness.ForThisMachine();

    /// <summary>Draws one metric's comparison into a folder (see <see cref="SweepRunner.Plot"/>); none when null.</summary>
    public Func<ComparisonResult, string, string?>? Plot { get; init; }

    /// <summary>
    /// Summarises and ends the parent when all of its <paramref name="trials"/> have ended and their state is not the
    /// one summarised already; returns whether this call wrote the summary. Safe to call from several processes at once.
    /// </summary>
    public bool TryComplete(ISweepStore store, string parentRunId, IReadOnlyList<SweepTrial> trials, string experimentName)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(trials);
        try
        {
            if (EndedTrials(store, parentRunId) is not { } newest)
            {
                return false;
            }

            var state = SweepSummaryClaim.StateOf(newest);
            if (IsSummarised(store.FindRun(parentRunId), state) || SweepSummaryClaim.Take(store, parentRunId, state, Liveness, logger) is null)
            {
                return false;
            }

            // Read again after the claim: the one who summarised this state before us may have finished meanwhile.
            var parent = store.FindRun(parentRunId)!;
            if (IsSummarised(parent, state))
            {
                return false;
            }

            Summarise(parent, newest, trials, experimentName, state);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or TrackingStoreException or Tracking.Rest.MlflowApiException)
        {
            logger.LogWarning("Could not complete sweep {Parent}: {Error}. Running any of its trials again (SIMLAP_RESUME_TRIAL=1 skips finished ones) completes it.", parentRunId, e.Message);
            return false;
        }
    }

    /// <summary>The outcome of a trial from its newest stored run.</summary>
    public static TrialOutcome Outcome(SweepTrial trial, RunRecord? run) => run switch
    {
        { Status: "FINISHED" } => new TrialOutcome(trial, Summary(run), null),
        null => new TrialOutcome(trial, null, "no run"),
        _ => new TrialOutcome(trial, null, run.Tags.GetValueOrDefault(SweepTags.Error) ?? run.Status),
    };

    /// <summary>The summary <c>simlap run</c> would have printed, from a stored trial run.</summary>
    public static RunSummary Summary(RunRecord run) => new(
        run.RunId,
        run.RunName,
        0,
        run.Metrics.TryGetValue(MetricNames.EpochLoss, out var loss) ? loss : double.NaN,
        run.Metrics.Where(m => m.Key.StartsWith(MetricNames.EvalPrefix, StringComparison.Ordinal)).ToDictionary(m => m.Key, m => m.Value),
        0);

    /// <summary>The newest run of every trial of the parent when all of them have ended FINISHED or FAILED, else null.</summary>
    private static IReadOnlyDictionary<int, RunRecord>? EndedTrials(ISweepStore store, string parentRunId)
    {
        if (store.FindRun(parentRunId) is not { } parent || SweepStores.TrialCount(parent) is not { } count)
        {
            return null;
        }

        var newest = SweepStores.NewestPerTrial(store.Children(parentRunId));
        return Enumerable.Range(0, count).All(i => newest.TryGetValue(i, out var run) && run.Status is "FINISHED" or "FAILED")
            ? newest.Where(t => t.Key < count).ToDictionary()
            : null;
    }

    /// <summary>Whether the parent has ended with the summary of <paramref name="state"/>.</summary>
    private static bool IsSummarised(RunRecord? parent, string state) =>
        parent is null || (parent.Status is not "RUNNING" && parent.Tags.GetValueOrDefault(SweepTags.SummaryState) == state);

    /// <summary>
    /// The step of this state's summary: the stored summary's step when it is of this state (a claimant that ended before
    /// ending the parent), the next step when it is of another, 0 for the first.
    /// </summary>
    private static long StepOf(RunRecord parent, string state) =>
        !long.TryParse(parent.Tags.GetValueOrDefault(SweepTags.SummaryStep), NumberStyles.Integer, CultureInfo.InvariantCulture, out var step) ? 0
        : parent.Tags.GetValueOrDefault(SweepTags.SummaryState) == state ? step
        : step + 1;

    private void Summarise(RunRecord parent, IReadOnlyDictionary<int, RunRecord> newest, IReadOnlyList<SweepTrial> trials, string experimentName, string state)
    {
        var step = StepOf(parent, state);
        var outcomes = trials.Where(t => newest.ContainsKey(t.Index)).Select(t => Outcome(t, newest[t.Index])).ToList();
        var failed = outcomes.Count(o => o.Error is not null);
        using var work = new RunWorkFolder($"{parent.RunId}-summary-{Guid.NewGuid():N}");
        using var run = (backend as IResumableBackend)?.ResumeRun(parent.RunId)
            ?? throw new TrackingStoreException($"The sweep's parent run {parent.RunId} cannot be reopened in {backend.Description}.", backend.Description);

        // Points a claimant that was killed half-way already stored at this step are not stored again.
        (run as IResumedRun)?.SkipLoggedSteps();
        SweepResults.Log(run, experimentName, outcomes, work.Path, Plot, step);
        run.SetTag(SweepTags.Failed, failed.ToString(CultureInfo.InvariantCulture));
        run.SetTag(SweepTags.SummaryStep, step.ToString(CultureInfo.InvariantCulture));
        run.SetTag(SweepTags.SummaryState, state);
        run.End(failed > 0 ? RunStatus.Failed : RunStatus.Finished);
        logger.LogInformation("All {Count} trials of sweep {Parent} have ended; its summary (step {Step}) is logged and the parent ended.", outcomes.Count, parent.RunId, step);
    }
}
