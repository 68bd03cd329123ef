using SimLap.Contracts.Tracking;

namespace SimLap.Engine.Running;

/// <summary>
/// A tracker that keeps what is logged until the real one is attached, then hands it over in order and forwards the
/// rest: lets a pipeline be built and a checkpoint loaded into it before a run is opened, so a failure leaves the run alone.
/// </summary>
internal sealed class DeferredTracker : ITracker
{
    private readonly List<Action<ITracker>> pending = [];
    private ITracker? target;

    /// <summary>Sends everything kept so far to <paramref name="tracker"/> and everything later straight to it.</summary>
    public void Attach(ITracker tracker)
    {
        lock (pending)
        {
            foreach (var call in pending)
            {
                call(tracker);
            }

            pending.Clear();
            target = tracker;
        }
    }

    /// <inheritdoc />
    public void LogParam(string key, string value) => Forward(t => t.LogParam(key, value));

    /// <inheritdoc />
    public void LogMetric(string key, double value, long step) => Forward(t => t.LogMetric(key, value, step));

    /// <inheritdoc />
    /// <remarks>The point keeps the time it was measured at, however late it is handed over.</remarks>
    public void LogMetric(string key, double value, long step, DateTimeOffset timestamp) => Forward(t => t.LogMetric(key, value, step, timestamp));

    /// <inheritdoc />
    public void SetTag(string key, string value) => Forward(t => t.SetTag(key, value));

    /// <inheritdoc />
    public void LogArtifact(string localPath, string artifactPath = "") => Forward(t => t.LogArtifact(localPath, artifactPath));

    private void Forward(Action<ITracker> call)
    {
        lock (pending)
        {
            if (target is null)
            {
                pending.Add(call);
                return;
            }
        }

        call(target);
    }
}
