namespace SimLap.Tracking.Rest;

/// <summary>What a spool belongs to: <c>spool.json</c> in the spool folder, written once when the spool is created.</summary>
public sealed record SpoolHeader
{
    /// <summary>The format version.</summary>
    public int Version { get; init; } = 1;

    /// <summary>The spool's id (its folder name): the run id the run reported while it could not reach the server.</summary>
    public string SpoolId { get; init; } = string.Empty;

    /// <summary>The tracking server, without credentials (they come from the environment when replaying).</summary>
    public string TrackingUri { get; init; } = string.Empty;

    /// <summary>The experiment's name.</summary>
    public string ExperimentName { get; init; } = string.Empty;

    /// <summary>The run's name.</summary>
    public string RunName { get; init; } = string.Empty;

    /// <summary>The server's run id when the run was created before the server became unreachable; null otherwise.</summary>
    public string? RunId { get; init; }

    /// <summary>The server's experiment id, when known.</summary>
    public string? ExperimentId { get; init; }

    /// <summary>The run's artifact root on the server, when known.</summary>
    public string? ArtifactUri { get; init; }

    /// <summary>When the spool was created, Unix milliseconds.</summary>
    public long CreatedAt { get; init; }
}
