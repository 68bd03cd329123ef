namespace SimLap.Contracts.Tracking;

/// <summary>
/// Where a run's params, metrics, tags and artifacts go. Calls return at once: the tracker writes in the
/// background, so logging never blocks a training step.
/// </summary>
public interface ITracker
{
    /// <summary>Logs a parameter (immutable once logged).</summary>
    void LogParam(string key, string value);

    /// <summary>Logs one metric point.</summary>
    void LogMetric(string key, double value, long step);

    /// <summary>
    /// Logs one metric point stamped with the wall time it was measured at (a step that ran before its value was
    /// read). The default ignores the time and stamps the point when it is logged, so existing trackers keep working.
    /// </summary>
    void LogMetric(string key, double value, long step, DateTimeOffset timestamp) => LogMetric(key, value, step);

    /// <summary>Sets a tag (may be overwritten).</summary>
    void SetTag(string key, string value);

    /// <summary>Copies a file into the run's artifacts, under <paramref name="artifactPath"/> (a folder, may be empty).</summary>
    void LogArtifact(string localPath, string artifactPath = "");

    /// <summary>
    /// Blocks until everything logged so far is stored (the engine calls it at the end of each epoch, so a crash loses
    /// at most the epoch in progress). The default does nothing, for trackers that store each call as it is made.
    /// </summary>
    void Flush()
    {
    }
}
