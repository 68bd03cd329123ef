using SimLap.Contracts.Tracking;

namespace SimLap.Engine.Training;

/// <summary>
/// Evaluates the online linear probe on the test split after every epoch (<c>eval/online-probe/top1</c>). The probe
/// trains inside each step (<see cref="TrainingStep"/>), on that step's features, as solo-learn's does.
/// </summary>
/// <param name="pipeline">The pipeline the probe belongs to.</param>
/// <param name="probe">The probe.</param>
/// <param name="tracker">Where the accuracy goes.</param>
/// <param name="progress">Where it is shown.</param>
/// <param name="batchSize">The training batch size (the encoder extracts in batches of at least 256).</param>
public sealed class OnlineProbeHook(Pipeline pipeline, OnlineProbe probe, ITracker tracker, IProgressReporter progress, int batchSize) : ITrainingHook
{
    /// <summary>Logs the probe's top-1 accuracy and adds it to the results.</summary>
    public void OnEvaluation(EvaluationArgs e)
    {
        var encoder = new FeatureExtractor(pipeline.Backbone, pipeline.Device, Math.Max(batchSize, 256), cancellation: e.Cancellation);
        var top1 = probe.Evaluate(encoder, pipeline.Test);
        tracker.LogMetric(MetricNames.OnlineProbeTop1, top1, e.State.Step);
        e.Results[MetricNames.OnlineProbeTop1] = top1;
        progress.Status($"  {MetricNames.OnlineProbeTop1} = {top1:F2}");
        pipeline.SetTraining(true);
    }
}
