namespace SimLap.Tracking;

/// <summary>
/// A reopened run that continues training from a checkpoint. Training replays the steps between the checkpoint and
/// the moment the earlier process stopped (after a SIGKILL, power loss or OOM kill, those steps were already
/// logged); so that every (key, step) is stored exactly once, the run is told to skip the points it already has.
/// </summary>
/// <remarks>
/// The rule is per key: a point whose step is at most the highest step already stored for its key is not logged
/// again. Training logs each key's steps in increasing order, so the skipped points are exactly the replayed ones;
/// on the CPU the replay is bit-for-bit the same, so nothing is lost. (A local store could trim its files instead,
/// but a server cannot delete points, and one rule for both keeps the two stores identical.)
/// </remarks>
public interface IResumedRun
{
    /// <summary>Reads the highest stored step of every metric and skips points at or below it from now on; returns the number of metrics read.</summary>
    int SkipLoggedSteps();

    /// <summary>
    /// The stored point a skipped <c>LogMetric</c> of <paramref name="key"/> at <paramref name="step"/> stood for, exactly
    /// as the store holds it (value and timestamp), so that linking it to a logged model refers to that point rather
    /// than adding a second one; null when no call at that step was skipped or the store cannot say.
    /// </summary>
    LinkedMetric? SkippedPoint(string key, long step);
}
