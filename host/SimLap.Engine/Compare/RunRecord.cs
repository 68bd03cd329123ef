namespace SimLap.Engine.Compare;

/// <summary>A run as <c>simlap compare</c> sees it, from either backend.</summary>
/// <param name="RunId">The run id.</param>
/// <param name="RunName">The run's name.</param>
/// <param name="Status">FINISHED, FAILED, KILLED, RUNNING or SCHEDULED.</param>
/// <param name="StartTime">Start time in Unix milliseconds, if known.</param>
/// <param name="Params">The params.</param>
/// <param name="Metrics">The latest value of each metric (highest step, then latest timestamp).</param>
/// <param name="Tags">The tags.</param>
public sealed record RunRecord(
    string RunId,
    string RunName,
    string Status,
    long? StartTime,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, string> Tags);
