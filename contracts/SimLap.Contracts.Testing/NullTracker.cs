using SimLap.Contracts.Tracking;

namespace SimLap.Contracts.Testing;

/// <summary>A tracker that records nothing, for components built outside the host (and long loops that log a lot).</summary>
public sealed class NullTracker : ITracker
{
    /// <summary>One shared instance: the tracker has no state.</summary>
    public static NullTracker Instance { get; } = new();

    /// <inheritdoc />
    public void LogParam(string key, string value)
    {
    }

    /// <inheritdoc />
    public void LogMetric(string key, double value, long step)
    {
    }

    /// <inheritdoc />
    public void SetTag(string key, string value)
    {
    }

    /// <inheritdoc />
    public void LogArtifact(string localPath, string artifactPath = "")
    {
    }
}
