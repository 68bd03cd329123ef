namespace SimLap.Tracking.Rest;

/// <summary>An MLflow experiment as the REST API returns it.</summary>
public sealed record MlflowExperiment
{
    /// <summary>The experiment id (a numeric string).</summary>
    public string ExperimentId { get; init; } = string.Empty;

    /// <summary>The experiment name.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>Where its artifacts go (<c>mlflow-artifacts:/&lt;id&gt;</c> with the artifact proxy).</summary>
    public string? ArtifactLocation { get; init; }

    /// <summary><c>active</c> or <c>deleted</c>.</summary>
    public string? LifecycleStage { get; init; }

    /// <summary>Creation time in Unix milliseconds.</summary>
    public long? CreationTime { get; init; }

    /// <summary>Last update time in Unix milliseconds.</summary>
    public long? LastUpdateTime { get; init; }

    /// <summary>The experiment's tags (empty when the server left the key out).</summary>
    public IReadOnlyList<MlflowKeyValue> Tags { get; init; } = [];
}
