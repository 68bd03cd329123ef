namespace SimLap.Engine.Tracking.Rest;

/// <summary>
/// Replay progress: <c>cursor.json</c>, rewritten atomically after every request the server acknowledged, so a
/// replay that stops half-way resumes after the last acknowledged record and never sends a metric point twice.
/// </summary>
public sealed record SpoolCursor
{
    /// <summary>The <see cref="SpoolRecord.Seq"/> of the last acknowledged record (0: none).</summary>
    public long Acknowledged { get; init; }

    /// <summary>The server's run id, once known.</summary>
    public string? RunId { get; init; }

    /// <summary>The server's experiment id, once known.</summary>
    public string? ExperimentId { get; init; }

    /// <summary>The run's artifact root on the server, once known.</summary>
    public string? ArtifactUri { get; init; }
}
