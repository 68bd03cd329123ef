namespace SimLap.Tracking.Rest;

/// <summary>One metric point. Non-finite values travel as the JSON strings "NaN", "Infinity" and "-Infinity".</summary>
public sealed record MlflowMetric
{
    /// <summary>The metric key.</summary>
    public string Key { get; init; } = string.Empty;

    /// <summary>The value (the server clamps ±Infinity to ±double.MaxValue).</summary>
    public double Value { get; init; }

    /// <summary>When the point was logged, in Unix milliseconds.</summary>
    public long Timestamp { get; init; }

    /// <summary>The step.</summary>
    public long Step { get; init; }

    /// <summary>The logged model the point is linked to (MLflow 3); the run keeps the point without it.</summary>
    public string? ModelId { get; init; }

    /// <summary>The data set the point was measured on, with <see cref="DatasetDigest"/> (MLflow 3 model metrics).</summary>
    public string? DatasetName { get; init; }

    /// <summary>The digest of <see cref="DatasetName"/>.</summary>
    public string? DatasetDigest { get; init; }

    /// <summary>The run, only in answers of the bulk endpoints and of logged models.</summary>
    public string? RunId { get; init; }
}
