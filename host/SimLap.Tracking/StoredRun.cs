namespace SimLap.Tracking;

/// <summary>A run as a tracking store holds it, read without changing it (for resume checks and <c>simlap runs</c>).</summary>
/// <param name="RunId">The run id.</param>
/// <param name="RunName">The run's name.</param>
/// <param name="ExperimentId">The experiment id.</param>
/// <param name="Status">The stored status.</param>
/// <param name="StartTime">Start time in Unix milliseconds, if known.</param>
/// <param name="EndTime">End time in Unix milliseconds, if the run has ended.</param>
/// <param name="Params">The params (empty when the listing did not read them).</param>
/// <param name="Tags">The tags.</param>
/// <param name="Folder">The run's folder in a local store; null on a server.</param>
public sealed record StoredRun(
    string RunId,
    string RunName,
    string ExperimentId,
    RunStatus Status,
    long? StartTime,
    long? EndTime,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyDictionary<string, string> Tags,
    string? Folder);
