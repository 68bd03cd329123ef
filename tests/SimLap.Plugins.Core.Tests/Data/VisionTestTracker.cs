using SimLap.Contracts.Tracking;

namespace SimLap.Plugins.Core.Tests.Data;

/// <summary>A tracker that drops everything.</summary>
internal sealed class VisionTestTracker : ITracker
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
