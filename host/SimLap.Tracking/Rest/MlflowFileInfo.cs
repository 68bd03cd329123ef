namespace SimLap.Tracking.Rest;

/// <summary>An artifact listing entry.</summary>
public sealed record MlflowFileInfo
{
    /// <summary>The path (relative to the listed folder for the proxy; to the run's artifact root for artifacts/list).</summary>
    public string Path { get; init; } = string.Empty;

    /// <summary>Whether it is a folder.</summary>
    public bool IsDir { get; init; }

    /// <summary>The size in bytes (files only).</summary>
    public long? FileSize { get; init; }
}
