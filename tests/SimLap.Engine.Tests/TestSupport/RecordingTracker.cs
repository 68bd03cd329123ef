using SimLap.Contracts.Tracking;

namespace SimLap.Engine.Tests.TestSupport;

/// <summary>A tracker that keeps every metric point, by key, in the order logged, and the tags.</summary>
internal sealed class RecordingTracker : ITracker
{
    private readonly Dictionary<string, List<(long Step, double Value)>> metrics = [];

    public Dictionary<string, string> Tags { get; } = [];

    public IReadOnlyList<(long Step, double Value)> Points(string key) => metrics.TryGetValue(key, out var points) ? points : [];

    public void LogParam(string key, string value)
    {
    }

    public void LogMetric(string key, double value, long step)
    {
        if (!metrics.TryGetValue(key, out var points))
        {
            metrics[key] = points = [];
        }

        points.Add((step, value));
    }

    public void SetTag(string key, string value) => Tags[key] = value;

    public void LogArtifact(string localPath, string artifactPath = "")
    {
    }
}
