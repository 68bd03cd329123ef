using System.Diagnostics;
using SimLap.Contracts.Tracking;

namespace SimLap.Engine.Training;

/// <summary>
/// Measures each epoch: its wall-clock time, its training images per second and the share of it the training thread
/// waited for its batches (or, with prefetch 0, made them): near 0 when the data pipeline keeps up, the first thing to
/// look at when images/s disappoints. Logged at the epoch's last step and handed on in <see cref="EpochEndArgs.Throughput"/>.
/// </summary>
/// <param name="tracker">Where the metrics go.</param>
/// <param name="batchSize">Images per step.</param>
public sealed class ThroughputHook(ITracker tracker, int batchSize) : ITrainingHook
{
    private Stopwatch epochClock = new();
    private TimeSpan dataTime;
    private int firstStep;

    /// <summary>Starts the epoch's clock.</summary>
    public void OnEpochStart(EpochStartArgs e)
    {
        epochClock = Stopwatch.StartNew();
        dataTime = TimeSpan.Zero;
        firstStep = e.State.StepInEpoch;
    }

    /// <summary>Adds the time the step waited for its batch.</summary>
    public void OnStepEnd(StepEndArgs e) => dataTime += e.DataTime;

    /// <summary>Logs the epoch's images per second and data-time share.</summary>
    public void OnEpochEnd(EpochEndArgs e)
    {
        var seconds = epochClock.Elapsed.TotalSeconds;
        var imagesPerSecond = (e.State.StepInEpoch - firstStep) * (double)batchSize / seconds;
        tracker.LogMetric(MetricNames.ImagesPerSecond, imagesPerSecond, e.State.Step);
        var dataFraction = dataTime.TotalSeconds / seconds;
        tracker.LogMetric(MetricNames.DataTimeFraction, dataFraction, e.State.Step);
        e.Throughput = new EpochThroughput(seconds, imagesPerSecond, dataFraction);
    }
}
