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

    /// <summary>The run, only in answers of the bulk endpoints.</summary>
    public string? RunId { get; init; }
}
