using Microsoft.Extensions.Logging;
using SimLap.Engine.Experiments;
using SimLap.Engine.Running;
using SimLap.Engine.Tests.TestSupport;
using SimLap.Engine.Training;

namespace SimLap.Engine.Tests.Training;

/// <summary>
/// Recovering from damaged and half-written checkpoints: resume falls back to the newest checkpoint that verifies
/// (and reaches the uninterrupted run's numbers), refuses when none does, and temporary files of killed writes are
/// removed while those of live writes are kept; a full disk leaves the previous checkpoints as they were.
/// </summary>
public sealed class CheckpointRecoveryTests : IDisposable
{
    private readonly TempFolder work = new();

    public void Dispose() => work.Dispose();

    [Fact]
    public void ResumeSkipsADamagedNewestCheckpointWithAWarningAndReachesTheUninterruptedNumbers()
    {
        // 4 epochs of 4 steps, a checkpoint after each epoch and one when interrupted at step 10 (mid epoch 3).
        var experiment = TinyExperiment.Resolve("train.epochs=4", "head.type=stochastic-gate");
        using var uninterrupted = TinyExperiment.BuildPipeline(experiment, work.Path);
        var expected = TinyExperiment.Trainer(uninterrupted, experiment).Run(CancellationToken.None);
        var folder = work.Combine("checkpoints");
        Interrupt(experiment, new CheckpointPlan(new CheckpointFolder(folder, 3), 1, "run"), 10);
        var newest = Path.Combine(folder, "step-000000010.ckpt");
        File.WriteAllBytes(newest, ZipLayout.FlipByteOf(File.ReadAllBytes(newest), "modules/backbone.bin"));
        var logger = new RecordingLogger();

        var point = ResumePoint.TryResolve("run", OptionsWithFolder(folder), null, logger);

        Assert.NotNull(point);
        Assert.Equal(Path.Combine(folder, "step-000000008.ckpt"), point!.Checkpoint);
        var warning = Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning).Message;
        Assert.Contains($"skipping 1 newer one(s) that do not verify: checkpoint '{newest}' does not verify: entry 'modules/backbone.bin' does not match its SHA-256", warning, StringComparison.Ordinal);
        using var resumed = TinyExperiment.BuildPipeline(experiment, work.Path);
        var result = TinyExperiment.Trainer(resumed, experiment).Run(CancellationToken.None, null, point.Checkpoint);
        Assert.Equal(expected.Steps, result.Steps);
        Assert.Equal(expected.FinalLoss, result.FinalLoss);
        var expectedParameters = uninterrupted.Parameters.ToList();
        var resumedParameters = resumed.Parameters.ToList();
        for (var i = 0; i < expectedParameters.Count; i++)
        {
            Assert.True(expectedParameters[i].eq(resumedParameters[i]).all().item<bool>(), $"parameter {i} differs after resuming");
        }
    }

    [Fact]
    public void AnIntactCopyAmongTheRunArtifactsReplacesADamagedCheckpointOfTheSameStep()
    {
        var folder = work.Combine("checkpoints");
        var local = WriteCheckpoint(folder, "run", 4);
        var store = work.Combine("mlruns");
        var copy = Path.Combine(store, "0", "run", "artifacts", "checkpoints", Path.GetFileName(local));
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.Copy(local, copy);
        File.WriteAllBytes(local, ZipLayout.FlipByteOf(File.ReadAllBytes(local), "meta.json"));
        var logger = new RecordingLogger();

        var point = ResumePoint.Resolve("run", OptionsWithFolder(folder), store, logger);

        Assert.Equal(copy, point.Checkpoint);
        Assert.Contains($"checkpoint '{local}' does not verify: entry 'meta.json'", Assert.Single(logger.Entries).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WhenNoCheckpointVerifiesResumeIsRefusedNamingEach()
    {
        var folder = work.Combine("checkpoints");
        var older = WriteCheckpoint(folder, "run", 4);
        var newer = WriteCheckpoint(folder, "run", 8);
        File.WriteAllBytes(newer, File.ReadAllBytes(newer)[..100]);
        File.WriteAllBytes(older, ZipLayout.FlipByteOf(File.ReadAllBytes(older), "optimizers/main.bin"));

        var error = Assert.Throws<CheckpointException>(() => ResumePoint.Resolve("run", OptionsWithFolder(folder), null));

        Assert.StartsWith("run run: none of its 2 checkpoint(s) verifies, so there is nothing safe to continue from; nothing was changed.", error.Message, StringComparison.Ordinal);
        Assert.Contains($"checkpoint '{newer}' (100 bytes) is not a readable zip archive", error.Message, StringComparison.Ordinal);
        Assert.Contains($"checkpoint '{older}' does not verify: entry 'optimizers/main.bin'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void ANamedCheckpointFileThatDoesNotVerifyIsRefusedNotReplaced()
    {
        var folder = work.Combine("checkpoints");
        WriteCheckpoint(folder, "run", 4);
        var newer = WriteCheckpoint(folder, "run", 8);
        File.WriteAllBytes(newer, ZipLayout.FlipByteOf(File.ReadAllBytes(newer), "generators/torch-default.bin"));

        var error = Assert.Throws<CheckpointException>(() => ResumePoint.Resolve(newer, OptionsWithFolder(folder), null));

        Assert.Equal("generators/torch-default.bin", error.Entry);
    }

    [Fact]
    public void CheckpointsOfOtherRunsInASharedFolderAreNoCandidates()
    {
        var folder = work.Combine("shared");
        var own = WriteCheckpoint(folder, "run", 4);
        WriteCheckpoint(folder, "other", 8);

        Assert.Equal(own, ResumePoint.Resolve("run", OptionsWithFolder(folder), null).Checkpoint);
        Assert.Null(ResumePoint.TryResolve("third", OptionsWithFolder(folder), null));
    }

    [Fact]
    public void TemporaryFilesOfKilledWritesAreRemovedAndThoseBeingWrittenAreKept()
    {
        var folder = new CheckpointFolder(work.Combine("checkpoints"), 3);
        var kept = WriteCheckpoint(folder.Path, "run", 4);
        var start = DateTime.UtcNow;
        var orphan = Temporary(folder, "step-000000008.ckpt", start.AddMinutes(-5));
        var recent = Temporary(folder, "step-000000009.ckpt", start.AddSeconds(1));
        var locked = Temporary(folder, "step-000000010.ckpt", start.AddMinutes(-5));
        var unrelated = Temporary(folder, "notes.txt", start.AddMinutes(-5));
        using (new FileStream(locked, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            Assert.Equal([orphan], folder.RemoveOrphans(start));
        }

        Assert.False(File.Exists(orphan));
        Assert.True(File.Exists(recent));
        Assert.True(File.Exists(locked));
        Assert.True(File.Exists(unrelated));
        Assert.True(File.Exists(kept));
        Assert.Equal([locked], folder.RemoveOrphans(start));
    }

    [Fact]
    public void TheFirstCheckpointARunWritesRemovesTheOrphansOfItsFolder()
    {
        var experiment = TinyExperiment.Resolve("train.epochs=1");
        var folder = new CheckpointFolder(work.Combine("checkpoints"), 3);
        Directory.CreateDirectory(folder.Path);
        var orphan = Temporary(folder, "step-000000004.ckpt", DateTime.UtcNow.AddDays(-1));
        using var pipeline = TinyExperiment.BuildPipeline(experiment, work.Path);

        TinyExperiment.Trainer(pipeline, experiment).Run(CancellationToken.None, new CheckpointPlan(folder, 0, "run"), null);

        Assert.False(File.Exists(orphan));
        Assert.Equal(["step-000000004.ckpt"], Directory.EnumerateFiles(folder.Path).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1000)]
    [InlineData(20_000)]
    public void AFullDiskDuringAWriteLeavesThePreviousCheckpointsAndNoTemporaryFile(long capacity)
    {
        var experiment = TinyExperiment.Resolve("train.epochs=1");
        using var pipeline = TinyExperiment.BuildPipeline(experiment, work.Path);
        using var optimizer = new TrainingOptimizer(experiment.Options.Train.Optimizer, pipeline.Parameters);
        var folder = new CheckpointFolder(work.Combine("full"), 5);
        var first = folder.FileFor(1);
        CheckpointFile.Write(first, "run", new TrainingProgress(1, 1, 1, 0, 0), null, pipeline, optimizer);
        var before = File.ReadAllBytes(first);
        Assert.True(before.Length > capacity, $"the checkpoint ({before.Length} bytes) fits in {capacity}");

        var error = Assert.Throws<IOException>(() => CheckpointFile.Write(folder.FileFor(2), "run", new TrainingProgress(1, 2, 2, 0, 0), null, pipeline, optimizer, file => new FullDiskStream(file, capacity)));

        Assert.Equal("No space left on device", error.Message);
        Assert.Equal(before, File.ReadAllBytes(first));
        Assert.Equal([first], Directory.EnumerateFiles(folder.Path, "*", SearchOption.AllDirectories));
        Assert.Equal(1, CheckpointFile.ReadHeader(first).Progress.Step);
    }

    private void Interrupt(ResolvedExperiment experiment, CheckpointPlan plan, long afterStep)
    {
        using var pipeline = TinyExperiment.BuildPipeline(experiment, work.Path);
        using var cancel = new CancellationTokenSource();
        var probe = new StepProbe(new Dictionary<long, Action> { [afterStep] = cancel.Cancel });
        Assert.ThrowsAny<OperationCanceledException>(() => TinyExperiment.Trainer(pipeline, experiment, probe).Run(cancel.Token, plan, null));
        Assert.Equal(["step-000000004.ckpt", "step-000000008.ckpt", "step-000000010.ckpt"], Directory.EnumerateFiles(plan.Folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    private string WriteCheckpoint(string folder, string runId, long step)
    {
        var experiment = TinyExperiment.Resolve("train.epochs=1");
        using var pipeline = TinyExperiment.BuildPipeline(experiment, work.Path);
        using var optimizer = new TrainingOptimizer(experiment.Options.Train.Optimizer, pipeline.Parameters);
        var path = new CheckpointFolder(folder, 3).FileFor(step);
        CheckpointFile.Write(path, runId, new TrainingProgress(1, (int)step, step, 0, 0), null, pipeline, optimizer);
        return path;
    }

    private static string Temporary(CheckpointFolder folder, string target, DateTime written)
    {
        var path = Path.Combine(folder.Path, $".{target}.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(path, new byte[1000]);
        File.SetLastWriteTimeUtc(path, written);
        return path;
    }

    private static ExperimentOptions OptionsWithFolder(string folder) => new() { Checkpoint = { Dir = folder } };
}
