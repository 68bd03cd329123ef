namespace SimLap.Host.Tests;

/// <summary>Faults injected through a real third-party plugin (tests/plugins/SimLap.Plugins.TestKit) end runs cleanly.</summary>
public sealed class FaultInjectionTests
{
    [Fact]
    public void ALossThatTurnsNaNFailsTheRunWithTheStepAndKeepsTheLastGoodCheckpoint()
    {
        using var workspace = new TestWorkspace();
        var plugins = CopyTestKit(workspace);
        var experiment = workspace.WriteTinyExperiment();

        // 4 steps per epoch, a checkpoint after every epoch; the loss is NaN from step 6 (in epoch 2).
        var result = CliRunner.Run(
            workspace.Path,
            ["run", experiment, "--set", "train.epochs=3", "--set", "loss={type: nan-loss, nan_at_step: 6}", "--set", "checkpoint.every=1"],
            new Dictionary<string, string?> { ["SIMLAP_PLUGIN_PATH"] = plugins });

        CliAssert.ExitCode(result, 1);
        CliAssert.NoStackTrace(result);
        CliAssert.SingleError(result);
        CliAssert.StderrContains(result, "the loss is not finite at step 6");
        var run = Assert.Single(new MlrunsStore(workspace.MlrunsPath).RunFolders());
        Assert.Equal(MlrunsStore.Failed, MlrunsStore.Status(run));
        Assert.Contains("not finite at step 6", MlrunsStore.ReadValue(run, "tags", "simlap.error"), StringComparison.Ordinal);
        Assert.Equal([0L, 1, 2, 3, 4, 5], MlrunsStore.ReadMetric(run, "train/loss").Select(p => p.Step));
        // The folder holds the checkpoints and the marker naming its run and store.
        var checkpoints = Directory.GetFiles(workspace.Checkpoints(System.IO.Path.GetFileName(run))).Where(f => System.IO.Path.GetFileName(f) != SimLap.Engine.Running.CheckpointHome.MarkerFileName);
        Assert.Equal("step-000000004.ckpt", System.IO.Path.GetFileName(Assert.Single(checkpoints)));
    }

    [Fact]
    public void AComponentThatThrowsWhenBuiltNamesItselfAndItsPluginAndFailsTheRun()
    {
        using var workspace = new TestWorkspace();
        var plugins = CopyTestKit(workspace);
        var experiment = workspace.WriteTinyExperiment(shrinkGate: false);

        var result = CliRunner.Run(
            workspace.Path,
            ["run", experiment, "--set", "head.type=throwing-head"],
            new Dictionary<string, string?> { ["SIMLAP_PLUGIN_PATH"] = plugins });

        CliAssert.ExitCode(result, 1);
        CliAssert.NoStackTrace(result);
        CliAssert.StderrContains(result, "head component 'throwing-head' (plugin SimLap.Plugins.TestKit) failed: the throwing-head test component refuses to be built");
        var run = Assert.Single(new MlrunsStore(workspace.MlrunsPath).RunFolders());
        Assert.Equal(MlrunsStore.Failed, MlrunsStore.Status(run));
    }

    /// <summary>Copies the built test-kit plugin into plugins/SimLap.Plugins.TestKit/ of the workspace and returns the plugins folder.</summary>
    [Theory]
    [InlineData("TERM", 143)]
    [InlineData("INT", 130)]
    public void ASignalDuringEvaluationEndsTheRunKilledWithin10SWithACheckpointAtTheEpochsEnd(string signal, int exitCode)
    {
        using var workspace = new TestWorkspace();
        var plugins = CopyTestKit(workspace);
        var experiment = workspace.WriteTinyExperiment();

        using var cli = CliRunner.Start(
            workspace.Path,
            ["run", experiment, "--set", "train.epochs=2", "--set", "eval=[{type: slow-eval}]"],
            new Dictionary<string, string?> { ["SIMLAP_PLUGIN_PATH"] = plugins });
        cli.WaitForOutput("evaluating slow", TimeSpan.FromMinutes(2));
        var signalled = System.Diagnostics.Stopwatch.StartNew();
        using (var kill = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("kill", ["-s", signal, cli.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!)
        {
            kill.WaitForExit();
        }

        var result = cli.WaitForExit(TimeSpan.FromMinutes(1));

        Assert.True(signalled.Elapsed < TimeSpan.FromSeconds(10), $"exit took {signalled.Elapsed.TotalSeconds:F1} s after SIG{signal}");
        CliAssert.ExitCode(result, exitCode);
        CliAssert.NoStackTrace(result);
        CliAssert.StderrContains(result, "interrupted", "KILLED");
        var run = Assert.Single(new MlrunsStore(workspace.MlrunsPath).RunFolders());
        Assert.Equal(MlrunsStore.Killed, MlrunsStore.Status(run));
        var loss = MlrunsStore.ReadMetric(run, "train/loss");
        Assert.Equal(Enumerable.Range(0, 8).Select(s => (long)s), loss.Select(p => p.Step));
        var checkpoint = SimLap.Engine.Training.CheckpointFolder.Latest(workspace.Checkpoints(System.IO.Path.GetFileName(run)));
        var progress = SimLap.Engine.Training.CheckpointFile.ReadHeader(checkpoint!).Progress;

        // At the end of epoch 2's training, not past it: a resumed run evaluates epoch 2.
        Assert.Equal((2, 4, 8L), (progress.Epoch, progress.StepInEpoch, progress.Step));

        // Resumed with the same experiment, its evaluation made quick: nothing is trained again, epoch 2 is evaluated,
        // every step is stored once.
        var resumed = CliRunner.Run(
            workspace.Path,
            ["run", experiment, "--set", "train.epochs=2", "--set", "eval=[{type: slow-eval}]", "--resume", System.IO.Path.GetFileName(run)],
            new Dictionary<string, string?> { ["SIMLAP_PLUGIN_PATH"] = plugins, ["SIMLAP_TESTKIT_SLOW_EVAL_PASSES"] = "1" });
        CliAssert.ExitCode(resumed, 0);
        Assert.Equal(MlrunsStore.Finished, MlrunsStore.Status(run));
        Assert.Equal(Enumerable.Range(0, 8).Select(s => (long)s), MlrunsStore.ReadMetric(run, "train/loss").Select(p => p.Step));
        Assert.Equal([4L, 8], MlrunsStore.ReadMetric(run, "train/epoch_loss").Select(p => p.Step));
        Assert.Equal(8, Assert.Single(MlrunsStore.ReadMetric(run, "eval/slow/passes")).Step);
    }

    private static string CopyTestKit(TestWorkspace workspace)
    {
        var built = System.IO.Path.Combine(CliRunner.RepoRoot, "tests", "plugins", "SimLap.Plugins.TestKit", "bin", CliRunner.Configuration, "net10.0");
        var target = workspace.Combine("plugins", "SimLap.Plugins.TestKit");
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(built))
        {
            File.Copy(file, System.IO.Path.Combine(target, System.IO.Path.GetFileName(file)));
        }

        return workspace.Combine("plugins");
    }
}
