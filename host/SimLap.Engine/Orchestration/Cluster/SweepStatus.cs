using SimLap.Engine.Compare;
using SimLap.Engine.Orchestration.Sweeps;

namespace SimLap.Engine.Orchestration.Cluster;

/// <summary>A submitted sweep's state: its parent run, each trial's state and a count per state.</summary>
/// <param name="Parent">The parent run.</param>
/// <param name="Trials">Each trial, by index.</param>
/// <param name="SchedulerQueried">Whether the scheduler was asked (false: the tracking store alone).</param>
public sealed record SweepStatus(RunRecord Parent, IReadOnlyList<TrialStatus> Trials, bool SchedulerQueried)
{
    /// <summary>How many trials are in each state (every state listed, zeros included).</summary>
    public IReadOnlyDictionary<TrialState, int> Counts =>
        Enum.GetValues<TrialState>().ToDictionary(s => s, s => Trials.Count(t => t.State == s));

    /// <summary>Whether no trial is queued or running.</summary>
    public bool IsDone => Trials.All(t => t.State is TrialState.Finished or TrialState.Failed or TrialState.Killed);

    /// <summary>
    /// Combines the tracking store and the scheduler: a trial's newest run says how it ended; while its task is
    /// pending or running (also after a requeue of a killed run) the task says where it stands; a run left RUNNING by
    /// a task that is gone failed; a trial without a run is queued unless its task ended (then failed or killed).
    /// </summary>
    /// <param name="parent">The parent run.</param>
    /// <param name="children">Its child runs.</param>
    /// <param name="tasks">The scheduler's tasks by index, or null when the scheduler was not asked.</param>
    public static SweepStatus Build(RunRecord parent, IReadOnlyList<RunRecord> children, IReadOnlyDictionary<int, SlurmTask>? tasks)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(children);
        var newest = SweepStores.NewestPerTrial(children);
        var count = SweepStores.TrialCount(parent) ?? (newest.Count == 0 ? 0 : newest.Keys.Max() + 1);
        var trials = new List<TrialStatus>();
        for (var i = 0; i < count; i++)
        {
            var run = newest.GetValueOrDefault(i);
            var task = tasks?.GetValueOrDefault(i);
            var label = parent.Tags.GetValueOrDefault(SweepTags.TrialLabelPrefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture))
                ?? run?.Tags.GetValueOrDefault(SweepTags.Overrides) ?? "";
            trials.Add(new TrialStatus(i, label, State(run?.Status, task, tasks is not null), run?.RunId, run?.Status, task));
        }

        return new SweepStatus(parent, trials, tasks is not null);
    }

    private static TrialState State(string? runStatus, SlurmTask? task, bool schedulerQueried)
    {
        switch (runStatus)
        {
            case "FINISHED":
                return TrialState.Finished;
            case "FAILED" when task is not { IsActive: true }:
                return TrialState.Failed;
            case "KILLED" when task is not { IsActive: true }:
                return TrialState.Killed;
            case "RUNNING" or "SCHEDULED":
                if (task is { IsPending: true })
                {
                    return TrialState.Queued;
                }

                // A run still RUNNING whose task Slurm reports ended (or has forgotten) died without ending its run.
                return schedulerQueried && task is not { IsActive: true } ? TrialState.Failed : TrialState.Running;
        }

        if (task is null)
        {
            return TrialState.Queued;
        }

        if (task.IsPending)
        {
            return TrialState.Queued;
        }

        if (task.IsActive)
        {
            return TrialState.Running;
        }

        return task.State is "CANCELLED" or "PREEMPTED" or "DEADLINE" or "TIMEOUT" ? TrialState.Killed : TrialState.Failed;
    }
}
