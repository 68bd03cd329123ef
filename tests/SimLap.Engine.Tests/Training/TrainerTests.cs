using Microsoft.Extensions.Logging.Abstractions;
using SimLap.Engine.Configuration;
using SimLap.Engine.Experiments;
using SimLap.Engine.Tests.TestSupport;
using SimLap.Engine.Training;
using TorchSharp;

namespace SimLap.Engine.Tests.Training;

/// <summary>The training loop on the tiny experiment, built by PipelineBuilder from the real plugin's components.</summary>
public sealed class TrainerTests : IDisposable
{
    private readonly TempFolder work = new();

    public void Dispose() => work.Dispose();

    [Fact]
    public void TrainingChangesTheParametersOfTheBackboneProjectorAndHead()
    {
        var experiment = TinyExperiment.Resolve("train.epochs=1", "eval=[]");
        using var pipeline = TinyExperiment.BuildPipeline(experiment, work.Path);
        var before = Snapshot(pipeline);

        var result = TinyExperiment.Trainer(pipeline, experiment).Run(CancellationToken.None);

        var after = Snapshot(pipeline);
        Assert.Equal(4, result.Steps);
        foreach (var module in new[] { "backbone", "projector", "head" })
        {
            var changed = before[module].Zip(after[module]).Count(p => !p.First.SequenceEqual(p.Second));
            Assert.True(changed > 0, $"no parameter of the {module} changed: no gradient reached it");
        }

        // The first convolution is the farthest from the loss: its weights change only if gradients flow all the way back.
        Assert.NotEqual(before["backbone"][0], after["backbone"][0]);
        Assert.All(after.Values.SelectMany(p => p), values => Assert.All(values, v => Assert.True(float.IsFinite(v))));
    }

    [Fact]
    public void WithoutAProjectorTheGateAndLossWorkOnTheBackboneFeatures()
    {
        var experiment = TinyExperiment.Resolve("projector.type=identity", "train.epochs=1", "eval=[]");
        using var pipeline = TinyExperiment.BuildPipeline(experiment, work.Path);
        var before = Snapshot(pipeline);

        var result = TinyExperiment.Trainer(pipeline, experiment).Run(CancellationToken.None);

        Assert.Equal(pipeline.Backbone.FeatureDim, pipeline.Projector.OutDim);
        Assert.True(double.IsFinite(result.FinalLoss) && result.FinalLoss > 0, $"final loss {result.FinalLoss}");
        Assert.NotEqual(before["backbone"][0], Snapshot(pipeline)["backbone"][0]);
    }

    [Fact]
    public void TheSameSeedGivesABitIdenticalRunAndAnotherSeedDoesNot()
    {
        var first = Train(TinyExperiment.Resolve());
        var second = Train(TinyExperiment.Resolve());
        var otherSeed = Train(TinyExperiment.Resolve("seed=8"));

        Assert.Equal(BitConverter.DoubleToInt64Bits(first.Result.FinalLoss), BitConverter.DoubleToInt64Bits(second.Result.FinalLoss));
        Assert.Equal(first.Result.Evaluation, second.Result.Evaluation);
        Assert.Equal(first.Weight, second.Weight);
        Assert.NotEqual(first.Result.FinalLoss, otherSeed.Result.FinalLoss);
        Assert.NotEqual(first.Weight, otherSeed.Weight);
    }

    [Fact]
    public void ARunReportsItsStepsAFiniteLossAndTheEvaluation()
    {
        var probe = new StepProbe(new Dictionary<long, Action>());
        var experiment = TinyExperiment.Resolve("train.log_every=3");
        using var pipeline = TinyExperiment.BuildPipeline(experiment, work.Path);

        var result = TinyExperiment.Trainer(pipeline, experiment, probe).Run(CancellationToken.None);

        // 64 images / 16 per batch = 4 steps per epoch, 2 epochs.
        Assert.Equal(8, result.Steps);
        Assert.Equal(8, probe.TotalSteps);
        Assert.Equal(8, probe.LastStep);
        Assert.True(double.IsFinite(result.FinalLoss) && result.FinalLoss > 0, $"final loss {result.FinalLoss}");
        Assert.InRange(result.Evaluation["eval/knn/top1"], 0.0, 100.0);

        // Losses are read every 3 steps and at the end of each epoch: after steps 3, 4, 6 and 8.
        Assert.Equal(4, probe.LossesRead.Count);
        Assert.All(probe.LossesRead, loss => Assert.True(double.IsFinite(loss)));
    }

    [Fact]
    public void EachEpochLogsTheShareOfItsTimeTheTrainingThreadSpentOnData()
    {
        // On the CPU the training thread makes every batch itself by default: a measurable share, never the whole epoch.
        var experiment = TinyExperiment.Resolve("eval=[]");
        using var pipeline = TinyExperiment.BuildPipeline(experiment, work.Path);
        var tracker = new RecordingTracker();

        new Trainer(pipeline, experiment.Options, tracker, new StepProbe(new Dictionary<long, Action>()), NullLogger.Instance).Run(CancellationToken.None);

        var fractions = tracker.Points("train/data_time_fraction");
        Assert.Equal(tracker.Points("train/epoch_loss").Select(p => p.Step), fractions.Select(p => p.Step));
        Assert.Equal(2, fractions.Count);
        Assert.All(fractions, p => Assert.InRange(p.Value, double.Epsilon, 0.999));
        Assert.Equal("0", tracker.Tags["simlap.prefetch"]);
    }

    [Fact]
    public void BatchesMadeAheadOnAProducerThreadTrainTheSameWeightsAsBatchesMadeOnTheTrainingThread()
    {
        var inline = Train(TinyExperiment.Resolve());
        var ahead = Train(TinyExperiment.Resolve("train.prefetch=2"));

        Assert.Equal(BitConverter.DoubleToInt64Bits(inline.Result.FinalLoss), BitConverter.DoubleToInt64Bits(ahead.Result.FinalLoss));
        Assert.Equal(inline.Weight, ahead.Weight);
    }

    [Fact]
    public void StepsPerEpochLimitsEachEpoch()
    {
        var experiment = TinyExperiment.Resolve("train.steps_per_epoch=2", "train.epochs=3", "eval=[]");
        using var pipeline = TinyExperiment.BuildPipeline(experiment, work.Path);

        var result = TinyExperiment.Trainer(pipeline, experiment).Run(CancellationToken.None);

        Assert.Equal(6, result.Steps);
        Assert.DoesNotContain(result.Evaluation.Keys, key => key.StartsWith("eval/knn/", StringComparison.Ordinal));
    }

    [Fact]
    public void ABatchLargerThanTheTrainingSetIsAConfigurationError()
    {
        var experiment = TinyExperiment.Resolve("train.batch_size=128");
        using var pipeline = TinyExperiment.BuildPipeline(experiment, work.Path);

        var error = Assert.Throws<ConfigurationException>(() => TinyExperiment.Trainer(pipeline, experiment).Run(CancellationToken.None));

        Assert.Equal("train.batch_size = 128 is larger than the training set (64 images); lower the batch size.", error.Message);
    }

    [Fact]
    public void MoreStepsPerEpochThanBatchesIsAConfigurationError()
    {
        var experiment = TinyExperiment.Resolve("train.steps_per_epoch=5");
        using var pipeline = TinyExperiment.BuildPipeline(experiment, work.Path);

        var error = Assert.Throws<ConfigurationException>(() => TinyExperiment.Trainer(pipeline, experiment).Run(CancellationToken.None));

        Assert.Contains("train.steps_per_epoch = 5, but 64 training images give only 4 batches of 16; use at most 4", error.Message);
    }

    [Fact]
    public void ACancelledTokenStopsBeforeTheFirstStep()
    {
        var probe = new StepProbe(new Dictionary<long, Action>());
        var experiment = TinyExperiment.Resolve();
        using var pipeline = TinyExperiment.BuildPipeline(experiment, work.Path);

        Assert.ThrowsAny<OperationCanceledException>(() => TinyExperiment.Trainer(pipeline, experiment, probe).Run(new CancellationToken(canceled: true)));

        Assert.Equal(0, probe.LastStep);
    }

    private (TrainingResult Result, float[] Weight) Train(ResolvedExperiment experiment)
    {
        using var pipeline = TinyExperiment.BuildPipeline(experiment, work.Path);
        var result = TinyExperiment.Trainer(pipeline, experiment).Run(CancellationToken.None);
        return (result, Values(pipeline.Backbone.Network.parameters().First()));
    }

    private static Dictionary<string, List<float[]>> Snapshot(Pipeline pipeline) => new()
    {
        ["backbone"] = pipeline.Backbone.Network.parameters().Select(Values).ToList(),
        ["projector"] = pipeline.Projector.Network.parameters().Select(Values).ToList(),
        ["head"] = pipeline.Head.Network.parameters().Select(Values).ToList(),
    };

    private static float[] Values(torch.Tensor parameter)
    {
        using var copy = parameter.detach().cpu().contiguous();
        return copy.data<float>().ToArray();
    }
}
