using SimLap.Contracts.Tracking;

namespace SimLap.Engine.Tests.TestSupport;

/// <summary>A tracker that keeps nothing, so long training loops do not accumulate metrics.</summary>
internal sealed class NullTracker : ITracker
{
    public void LogParam(string key, string value)
    {
    }

    public void LogMetric(string key, double value, long step)
    {
    }

    public void SetTag(string key, string value)
    {
    }

    public void LogArtifact(string localPath, string artifactPath = "")
    {
    }
}
