namespace SimLap.Tracking.Rest;

/// <summary>A run's <c>data</c> block. The server leaves empty collections out; here they are empty lists.</summary>
public sealed record MlflowRunData
{
    /// <summary>The latest point of each metric (highest step); use get-history for every point.</summary>
    public IReadOnlyList<MlflowMetric> Metrics { get; init; } = [];

    /// <summary>The params.</summary>
    public IReadOnlyList<MlflowKeyValue> Params { get; init; } = [];

    /// <summary>The tags, including the system tags (<c>mlflow.*</c>).</summary>
    public IReadOnlyList<MlflowKeyValue> Tags { get; init; } = [];
}
