namespace SimLap.Host.Tests;

/// <summary>Faults injected through a real third-party plugin (tests/plugins/SimLap.Plugins.TestKit) end runs cleanly.</summary>
public sealed class FaultInjectionTests
{
    [Fact]
    public void A_loss_that_turns_NaN_fails_the_run_with_the_step_and_keeps_the_last_good_checkpoint()
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
        var checkpoints = Directory.GetFiles(workspace.Combine("checkpoints", System.IO.Path.GetFileName(run)));
        Assert.Equal("step-000000004.ckpt", System.IO.Path.GetFileName(Assert.Single(checkpoints)));
    }

    [Fact]
    public void A_component_that_throws_when_built_names_itself_and_its_plugin_and_fails_the_run()
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
