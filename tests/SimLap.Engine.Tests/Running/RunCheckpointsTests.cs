using Microsoft.Extensions.Logging.Abstractions;
using SimLap.Engine.Running;
using SimLap.Engine.Tests.TestSupport;
using SimLap.Engine.Training;
using SimLap.Tracking;

namespace SimLap.Engine.Tests.Running;

/// <summary>A run's checkpoints in its own folder of the checkpoint home, recorded relative to the home, uploaded per checkpoint.artifacts.</summary>
public sealed class RunCheckpointsTests : IDisposable
{
    private readonly TempFolder work = new();

    public RunCheckpointsTests()
    {
        Store = new LocalFileStore(work.Combine("mlruns"));
    }

    private LocalFileStore Store { get; }

    public void Dispose() => work.Dispose();

    [Fact]
    public void TheCheckpointsGoToHomeExperimentRunIdAndTheRunRecordsOnlyTheRelativeFolder()
    {
        var home = work.Combine("ckpt");

        var summary = Runner().Run(TinyExperiment.Resolve($"checkpoint.dir={home}"), CancellationToken.None);

        // 2 epochs of 4 steps, a checkpoint after each epoch, the last 2 kept.
        var folder = Path.Combine(home, "engine-tests", summary.RunId);
        Assert.Equal(["step-000000004.ckpt", "step-000000008.ckpt"], Checkpoints(folder));
        var run = Store.ReadRun(summary.RunId)!;
        Assert.Equal($"engine-tests/{summary.RunId}", run.Tags[CheckpointHome.Tag]);
        Assert.DoesNotContain(run.Tags, t => t.Value.Contains(home, StringComparison.Ordinal));
        Assert.Equal(new CheckpointMarker(summary.RunId, "engine-tests", Store.RootDirectory), CheckpointHome.ReadMarker(folder));

        // checkpoint.artifacts defaults to end: the last checkpoint is also among the run's artifacts.
        Assert.Equal(["step-000000008.ckpt"], Checkpoints(Path.Combine(run.Folder!, "artifacts", "checkpoints")));
        Assert.Equal(Path.Combine(folder, "step-000000008.ckpt"), ResumePoint.Resolve(summary.RunId, TinyExperiment.Resolve($"checkpoint.dir={home}").Options, null).Checkpoint);
    }

    [Fact]
    public void WithoutCheckpointDirTheCheckpointsGoUnderTheUsersDataHomeNotTheWorkingFolder()
    {
        var summary = Runner().Run(TinyExperiment.Resolve("train.epochs=1", "checkpoint.artifacts=never"), CancellationToken.None);

        var folder = Path.Combine(IsolatedDataHome.Path, "simlap", "checkpoints", "engine-tests", summary.RunId);
        Assert.Equal(["step-000000004.ckpt"], Checkpoints(folder));
        Assert.False(Directory.Exists(Path.Combine("checkpoints", summary.RunId)));
        Assert.False(Directory.Exists(Path.Combine(Store.ReadRun(summary.RunId)!.Folder!, "artifacts", "checkpoints")));
        Assert.Equal(Path.Combine(folder, "step-000000004.ckpt"), ResumePoint.Resolve(summary.RunId, TinyExperiment.Resolve().Options, null).Checkpoint);
    }

    [Fact]
    public void CheckpointArtifactsEveryUploadsEachCheckpointAsItIsWritten()
    {
        var summary = Runner().Run(TinyExperiment.Resolve($"checkpoint.dir={work.Combine("ckpt")}", "checkpoint.artifacts=every", "checkpoint.keep_last=1"), CancellationToken.None);

        // keep_last 1 prunes the local folder; the store keeps every checkpoint uploaded.
        Assert.Equal(["step-000000008.ckpt"], Checkpoints(work.Combine("ckpt", "engine-tests", summary.RunId)));
        Assert.Equal(["step-000000004.ckpt", "step-000000008.ckpt"], Checkpoints(Path.Combine(Store.ReadRun(summary.RunId)!.Folder!, "artifacts", "checkpoints")));
    }

    private static List<string> Checkpoints(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*.ckpt").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    private ExperimentRunner Runner() => new(Store, NullLoggerFactory.Instance, new SilentProgress());
}
