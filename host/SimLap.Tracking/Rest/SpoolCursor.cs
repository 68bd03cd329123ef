namespace SimLap.Tracking.Rest;

/// <summary>
/// Replay progress: <c>cursor.json</c>, rewritten atomically (and flushed to disk) before and after every request,
/// so a replay that stops half-way resumes after the last acknowledged record. The one record that may have been
/// sent without its acknowledgement being recorded (<see cref="InFlight"/>) is re-sent only after dropping the points
/// the server already has, so no metric point is stored twice.
/// </summary>
public sealed record SpoolCursor
{
    /// <summary>The <see cref="SpoolRecord.Seq"/> of the last acknowledged record (0: none).</summary>
    public long Acknowledged { get; init; }

    /// <summary>The <see cref="SpoolRecord.Seq"/> of the record being sent (0: none).</summary>
    public long InFlight { get; init; }

    /// <summary>The server's run id, once known.</summary>
    public string? RunId { get; init; }

    /// <summary>The server's experiment id, once known.</summary>
    public string? ExperimentId { get; init; }

    /// <summary>The run's artifact root on the server, once known.</summary>
    public string? ArtifactUri { get; init; }
}
