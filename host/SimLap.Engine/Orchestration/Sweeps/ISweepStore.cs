using SimLap.Engine.Compare;
using SimLap.Tracking;

namespace SimLap.Engine.Orchestration.Sweeps;

/// <summary>
/// What a sweep needs of a tracking store beyond logging one run: create a parent that outlives this process, find
/// a run and the children of a parent, tag and end a run by id. Implemented for a local store and an MLflow server.
/// </summary>
public interface ISweepStore
{
    /// <summary>The store, for messages.</summary>
    string Description { get; }

    /// <summary>Creates a run with status RUNNING and returns its id; the run stays RUNNING after this call.</summary>
    string CreateRun(string experimentName, string runName, IReadOnlyDictionary<string, string> tags);

    /// <summary>The run with this id (tags and latest metrics), or null.</summary>
    RunRecord? FindRun(string runId);

    /// <summary>The runs whose <c>mlflow.parentRunId</c> is <paramref name="parentRunId"/>.</summary>
    IReadOnlyList<RunRecord> Children(string parentRunId);

    /// <summary>Sets tags on an existing run.</summary>
    void SetTags(string runId, IReadOnlyDictionary<string, string> tags);

    /// <summary>Ends an existing run with <paramref name="status"/> and the current time.</summary>
    void EndRun(string runId, RunStatus status);

    /// <summary>
    /// Claims <paramref name="key"/> of a run with <paramref name="value"/>: stores it as a param unless the run already
    /// has that param, and returns the value the run holds afterwards (<paramref name="value"/> when this call won).
    /// Params are written once (a server refuses a changed value), so of several callers racing for one key exactly
    /// one gets its own value back; an empty result is a claim still being written.
    /// </summary>
    string Claim(string runId, string key, string value);
}
