namespace SimLap.Tracking.Rest;

/// <summary>A data set as MLflow's REST API carries it; <see cref="Source"/>, <see cref="Schema"/> and <see cref="Profile"/> are JSON text, not nested objects.</summary>
public sealed record MlflowDataset
{
    /// <summary>The name (with <see cref="Digest"/>, what identifies the data set within an experiment).</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>What identifies the content (at most 36 characters).</summary>
    public string Digest { get; init; } = string.Empty;

    /// <summary>The source type (<c>local</c>, <c>http</c>, <c>code</c>).</summary>
    public string SourceType { get; init; } = string.Empty;

    /// <summary>The source, as JSON text.</summary>
    public string Source { get; init; } = string.Empty;

    /// <summary>The schema, as JSON text; absent when unknown.</summary>
    public string? Schema { get; init; }

    /// <summary>The profile, as JSON text; absent when unknown.</summary>
    public string? Profile { get; init; }
}
