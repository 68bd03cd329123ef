namespace SimLap.Host.Tests;

/// <summary>
/// Damaged checkpoints through the CLI: resume skips them (with a warning) for the newest one that verifies and reaches
/// the numbers of a run that was never damaged; when none verifies it exits 2 leaving the run byte for byte as it was;
/// eval and export refuse a damaged file in one clean sentence; temporary files of killed writes are removed.
/// </summary>
public sealed class CheckpointIntegrityTests
{
    // A constant rate after the warm-up: the steps before a checkpoint do not depend on train.epochs. No copies of the
    // checkpoints among the run's artifacts: resume would fall back to an intact copy of the same step first.
    private static readonly string[] Constant = ["--set", "train.schedule=constant", "--set", "checkpoint.artifacts=never", "--quiet"];

    [Fact]
    public void ResumeSkipsADamagedCheckpointWithAWarningAndReachesTheNumbersOfAnUndamagedRun()
    {
        using var reference = new TestWorkspace();
        var referenceRun = Train(reference, 3);
        using var workspace = new TestWorkspace();
        var run = Train(workspace, 2, "--set", "checkpoint.every=1");
        var runId = Path.GetFileName(run);
        var damaged = System.IO.Path.Combine(workspace.Checkpoints(runId), "step-000000008.ckpt");
        FlipMiddleByte(damaged);

        var resumed = CliRunner.Run(workspace.Path, ["run", workspace.Combine("tiny.yaml"), .. Constant, "--resume", runId, "--extend-epochs", "3"]);

        CliAssert.ExitCode(resumed, 0);
        CliAssert.StderrContains(resumed, $"using the checkpoint {System.IO.Path.Combine(workspace.Checkpoints(runId), "step-000000004.ckpt")}", $"checkpoint '{damaged}' does not verify: entry '");
        Assert.Equal(MlrunsStore.Finished, MlrunsStore.Status(run));
        foreach (var metric in new[] { "train/loss", "train/epoch_loss", "eval/knn/top1" })
        {
            var expected = MlrunsStore.ReadMetric(referenceRun, metric)[^1];
            var actual = MlrunsStore.ReadMetric(run, metric)[^1];
            Assert.Equal((expected.Step, expected.Value), (actual.Step, actual.Value));
        }
    }

    [Fact]
    public void ResumeWhenNoCheckpointVerifiesExits2AndLeavesTheRunAndItsCheckpointsByteForByte()
    {
        using var workspace = new TestWorkspace();
        var run = Train(workspace, 2, "--set", "checkpoint.every=1");
        var runId = Path.GetFileName(run);
        var newer = System.IO.Path.Combine(workspace.Checkpoints(runId), "step-000000008.ckpt");
        var older = System.IO.Path.Combine(workspace.Checkpoints(runId), "step-000000004.ckpt");
        File.WriteAllBytes(newer, File.ReadAllBytes(newer)[..1000]);
        FlipMiddleByte(older);
        var before = FolderDigest.Of(workspace.Path);

        var resumed = CliRunner.Run(workspace.Path, ["run", workspace.Combine("tiny.yaml"), .. Constant, "--resume", runId, "--extend-epochs", "3"]);

        CliAssert.ExitCode(resumed, 2);
        CliAssert.SingleError(resumed);
        CliAssert.NoStackTrace(resumed);
        CliAssert.StderrContains(resumed, $"run {runId}: none of its 2 checkpoint(s) verifies", "nothing was changed", $"checkpoint '{newer}' (1000 bytes) is not a readable zip archive", $"checkpoint '{older}' does not verify: entry '");
        Assert.DoesNotContain("Exception", resumed.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, FolderDigest.Of(workspace.Path));
    }

    [Fact]
    public void ResumingRemovesTheTemporaryFileAKilledCheckpointWriteLeft()
    {
        using var workspace = new TestWorkspace();
        var run = Train(workspace, 1);
        var runId = Path.GetFileName(run);
        var orphan = System.IO.Path.Combine(workspace.Checkpoints(runId), $".step-000000008.ckpt.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(orphan, new byte[4096]);
        File.SetLastWriteTimeUtc(orphan, DateTime.UtcNow.AddHours(-1));

        var resumed = CliRunner.Run(workspace.Path, ["run", workspace.Combine("tiny.yaml"), .. Constant, "--resume", runId, "--extend-epochs", "2"]);

        CliAssert.ExitCode(resumed, 0);
        Assert.False(File.Exists(orphan));
        Assert.Equal(["step-000000004.ckpt", "step-000000008.ckpt"], Directory.EnumerateFiles(workspace.Checkpoints(runId)).Select(Path.GetFileName).Where(f => f != SimLap.Engine.Running.CheckpointHome.MarkerFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EvalAndExportOfADamagedCheckpointExit2WithOneCleanSentenceAndLeaveTheRunAlone()
    {
        using var workspace = new TestWorkspace();
        var run = Train(workspace, 1);
        var runId = Path.GetFileName(run);
        var checkpoint = System.IO.Path.Combine(workspace.Checkpoints(runId), "step-000000004.ckpt");
        FlipMiddleByte(checkpoint);
        var before = FolderDigest.Of(run);

        var results = new[]
        {
            CliRunner.Run(workspace.Path, "eval", workspace.Combine("tiny.yaml"), "--run", checkpoint, "--quiet"),
            CliRunner.Run(workspace.Path, "eval", workspace.Combine("tiny.yaml"), "--run", runId, "--quiet"),
            CliRunner.Run(workspace.Path, "export", checkpoint, "--out", workspace.Combine("backbone.bin")),
            CliRunner.Run(workspace.Path, "export", runId, "--out", workspace.Combine("backbone.bin")),
        };

        foreach (var result in results)
        {
            CliAssert.ExitCode(result, 2);
            CliAssert.SingleError(result);
            CliAssert.NoStackTrace(result);
            CliAssert.StderrContains(result, $"checkpoint '{checkpoint}' does not verify: entry '");
            Assert.DoesNotContain("frame #", result.StandardError, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", result.StandardError, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(workspace.Combine("backbone.bin")));
        Assert.Equal(before, FolderDigest.Of(run));
    }

    [Fact]
    public void EvalOfACheckpointWhoseWeightsDoNotFitNamesTheEntryAndLeavesTheRunAlone()
    {
        using var workspace = new TestWorkspace();
        var run = Train(workspace, 1);
        var checkpoint = System.IO.Path.Combine(workspace.Checkpoints(Path.GetFileName(run)), "step-000000004.ckpt");
        var before = FolderDigest.Of(run);

        var result = CliRunner.Run(workspace.Path, "eval", workspace.Combine("tiny.yaml"), "--run", checkpoint, "--set", "backbone.widths=[8,32]", "--quiet");

        CliAssert.ExitCode(result, 2);
        CliAssert.SingleError(result);
        CliAssert.NoStackTrace(result);
        CliAssert.StderrContains(result, $"checkpoint '{checkpoint}': entry 'modules/backbone.bin' cannot be loaded into the backbone");
        Assert.DoesNotContain("frame #", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, FolderDigest.Of(run));
    }

    /// <summary>Trains the tiny experiment for <paramref name="epochs"/> epochs in <paramref name="workspace"/>; returns the run folder.</summary>
    private static string Train(TestWorkspace workspace, int epochs, params string[] extra)
    {
        var experiment = workspace.WriteTinyExperiment();
        var result = CliRunner.Run(workspace.Path, ["run", experiment, "--set", $"train.epochs={epochs}", .. Constant, .. extra]);
        CliAssert.ExitCode(result, 0);
        return Assert.Single(new MlrunsStore(workspace.MlrunsPath).RunFolders());
    }

    /// <summary>Inverts the byte in the middle of <paramref name="path"/> (inside some entry's compressed data).</summary>
    private static void FlipMiddleByte(string path)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
    }
}
