namespace SimLap.Tracking;

/// <summary>A tracking store that can reopen a finished or interrupted run to continue logging into it.</summary>
public interface IResumableBackend : ITrackingBackend
{
    /// <summary>
    /// Whether a param of an existing run can be given a new value (a local store writes the file; an MLflow server
    /// refuses any change, so a deliberate change is recorded only as a tag there).
    /// </summary>
    bool CanUpdateParams { get; }

    /// <summary>Reopens run <paramref name="runId"/> with status RUNNING; null when the store has no such run.</summary>
    IRunTracker? ResumeRun(string runId);

    /// <summary>Reads run <paramref name="runId"/> (status, params, tags) without changing anything; null when there is no such run or it is deleted.</summary>
    StoredRun? ReadRun(string runId);

    /// <summary>
    /// The active runs of the experiment named <paramref name="experimentName"/> (every experiment when null), with
    /// their tags but not their params; <paramref name="runningOnly"/> keeps only RUNNING runs.
    /// </summary>
    IReadOnlyList<StoredRun> ListRuns(string? experimentName, bool runningOnly);

    /// <summary>
    /// Whether an active run of the experiment named <paramref name="experimentName"/> is named <paramref name="runName"/>,
    /// without listing the experiment's runs: one filtered search on a server, the run-name tag of each run locally.
    /// True when the name cannot be searched for (it holds a quote or a backslash), so a caller keeping names unique adds a suffix.
    /// </summary>
    bool HasRunNamed(string experimentName, string runName);
}
