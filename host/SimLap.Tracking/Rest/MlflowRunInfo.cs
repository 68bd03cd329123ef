namespace SimLap.Tracking.Rest;

/// <summary>A run's <c>info</c> block.</summary>
public sealed record MlflowRunInfo
{
    /// <summary>The run id (32 hex characters).</summary>
    public string RunId { get; init; } = string.Empty;

    /// <summary>The experiment id.</summary>
    public string ExperimentId { get; init; } = string.Empty;

    /// <summary>The run's name.</summary>
    public string? RunName { get; init; }

    /// <summary>The user id (only set from runs/create's <c>user_id</c> field).</summary>
    public string? UserId { get; init; }

    /// <summary><c>RUNNING</c>, <c>SCHEDULED</c>, <c>FINISHED</c>, <c>FAILED</c> or <c>KILLED</c>.</summary>
    public string Status { get; init; } = string.Empty;

    /// <summary>Start time in Unix milliseconds.</summary>
    public long? StartTime { get; init; }

    /// <summary>End time in Unix milliseconds (absent until the run ends).</summary>
    public long? EndTime { get; init; }

    /// <summary>The run's artifact root, <c>mlflow-artifacts:/&lt;exp&gt;/&lt;run&gt;/artifacts</c> with the artifact proxy.</summary>
    public string? ArtifactUri { get; init; }

    /// <summary><c>active</c> or <c>deleted</c>.</summary>
    public string? LifecycleStage { get; init; }
}
