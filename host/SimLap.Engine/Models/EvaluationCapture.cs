using SimLap.Contracts.Tracking;
using SimLap.Engine.Training;
using SimLap.Tracking;

namespace SimLap.Engine.Models;

/// <summary>
/// The run's tracker as training sees it, keeping every evaluation point (<c>eval/...</c>) with the timestamp it was
/// stored under, so the final evaluation can be linked to the logged model as the very points the run holds (a server
/// then keeps one run copy of each; see <see cref="ILoggedModelStore.LinkMetrics"/>). Everything else passes through.
/// </summary>
/// <param name="run">The run.</param>
public sealed class EvaluationCapture(ITracker run) : ITracker
{
    private readonly List<LinkedMetric> points = [];

    /// <summary>The evaluation points logged at <paramref name="step"/>, the last one per key.</summary>
    public IReadOnlyList<LinkedMetric> At(long step)
    {
        lock (points)
        {
            return points.Where(p => p.Step == step).GroupBy(p => p.Key, StringComparer.Ordinal).Select(g => g.Last()).ToList();
        }
    }

    /// <inheritdoc />
    public void LogParam(string key, string value) => run.LogParam(key, value);

    /// <inheritdoc />
    public void LogMetric(string key, double value, long step) => LogMetric(key, value, step, DateTimeOffset.FromUnixTimeMilliseconds(LocalFileStore.NowMillis()));

    /// <inheritdoc />
    public void LogMetric(string key, double value, long step, DateTimeOffset timestamp)
    {
        if (key.StartsWith(MetricNames.EvalPrefix, StringComparison.Ordinal))
        {
            lock (points)
            {
                points.Add(new LinkedMetric(key, value, step, timestamp.ToUnixTimeMilliseconds()));
            }
        }

        run.LogMetric(key, value, step, timestamp);
    }

    /// <inheritdoc />
    public void SetTag(string key, string value) => run.SetTag(key, value);

    /// <inheritdoc />
    public void LogArtifact(string localPath, string artifactPath = "") => run.LogArtifact(localPath, artifactPath);

    /// <inheritdoc />
    public void Flush() => run.Flush();
}
