using SimLap.Engine.Tests.TestSupport;
using SimLap.Engine.Training;
using TorchSharp;

namespace SimLap.Engine.Tests.Training;

/// <summary>Interrupting a run, saving a checkpoint and resuming it reaches the weights of the run that was never interrupted, bit for bit.</summary>
public sealed class ResumeTests : IDisposable
{
    private readonly TempFolder work = new();

    public void Dispose() => work.Dispose();

    [Theory]
    [InlineData(8, 2)]
    [InlineData(10, 2)]
    [InlineData(10, 0)]
    public void ResumingAfterAnInterruptionReachesTheUninterruptedWeightsBitForBit(long interruptAfterStep, int interruptedPrefetch)
    {
        // 4 epochs of 4 steps; step 8 is an epoch boundary, step 10 is in the middle of epoch 3. The interrupted run
        // prepares its batches on a producer thread (prefetch 2: batches drawn ahead are discarded and the augmentation
        // stream rewound) or on the training thread; the others use the CPU default (0): the depth changes no number.
        var overrides = new[] { "train.epochs=4", "head.type=stochastic-gate" };
        var experiment = TinyExperiment.Resolve(overrides);
        using var uninterrupted = TinyExperiment.BuildPipeline(experiment, work.Path);
        var expected = TinyExperiment.Trainer(uninterrupted, experiment).Run(CancellationToken.None);

        var plan = new CheckpointPlan(new CheckpointFolder(work.Combine("checkpoints"), 2), 0, "run");
        var interruptedExperiment = TinyExperiment.Resolve([.. overrides, $"train.prefetch={interruptedPrefetch}"]);
        using (var interrupted = TinyExperiment.BuildPipeline(interruptedExperiment, work.Path))
        {
            using var cancel = new CancellationTokenSource();
            var probe = new StepProbe(new Dictionary<long, Action> { [interruptAfterStep] = cancel.Cancel });
            Assert.ThrowsAny<OperationCanceledException>(() => TinyExperiment.Trainer(interrupted, interruptedExperiment, probe).Run(cancel.Token, plan, null));
        }

        Assert.NotNull(plan.Last);
        Assert.Equal(interruptAfterStep, CheckpointFile.ReadHeader(plan.Last!).Progress.Step);
        using var resumed = TinyExperiment.BuildPipeline(experiment, work.Path);
        var result = TinyExperiment.Trainer(resumed, experiment).Run(CancellationToken.None, null, plan.Last);

        Assert.Equal(expected.Steps, result.Steps);
        Assert.Equal(expected.FinalLoss, result.FinalLoss);
        var expectedParameters = uninterrupted.Parameters.ToList();
        var resumedParameters = resumed.Parameters.ToList();
        Assert.Equal(expectedParameters.Count, resumedParameters.Count);
        for (var i = 0; i < expectedParameters.Count; i++)
        {
            Assert.True(expectedParameters[i].eq(resumedParameters[i]).all().item<bool>(), $"parameter {i} differs after resuming");
        }
    }

    [Fact]
    public void AFailedWriteLeavesThePreviousCheckpointIntactAndNoTemporaryFile()
    {
        var experiment = TinyExperiment.Resolve("train.epochs=1");
        using var pipeline = TinyExperiment.BuildPipeline(experiment, work.Path);
        var folder = new CheckpointFolder(work.Combine("atomic"), 5);
        using var optimizer = new TrainingOptimizer(experiment.Options.Train.Optimizer, pipeline.Parameters);
        var first = folder.FileFor(1);
        CheckpointFile.Write(first, "run", new TrainingProgress(1, 1, 1, 0, 0), null, pipeline, optimizer);
        var before = File.ReadAllBytes(first);

        // The destination is a folder: the final rename fails, as a full disk would fail the write.
        var blocked = folder.FileFor(2);
        Directory.CreateDirectory(blocked);
        Assert.ThrowsAny<IOException>(() => CheckpointFile.Write(blocked, "run", new TrainingProgress(1, 2, 2, 0, 0), null, pipeline, optimizer));

        Assert.Equal(before, File.ReadAllBytes(first));
        Assert.Empty(Directory.EnumerateFiles(folder.Path, "*.tmp"));
        Assert.Equal(first, CheckpointFolder.Latest(folder.Path));
    }

    [Fact]
    public void OnlyTheNewestCheckpointsAreKept()
    {
        var experiment = TinyExperiment.Resolve("train.epochs=3", "checkpoint.every=1");
        using var pipeline = TinyExperiment.BuildPipeline(experiment, work.Path);
        var plan = new CheckpointPlan(new CheckpointFolder(work.Combine("kept"), 2), 1, "run");

        TinyExperiment.Trainer(pipeline, experiment).Run(CancellationToken.None, plan, null);

        var names = Directory.EnumerateFiles(work.Combine("kept")).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(["step-000000008.ckpt", "step-000000012.ckpt"], names);
    }
}
