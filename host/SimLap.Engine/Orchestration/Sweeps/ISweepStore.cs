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
}
