using System.Diagnostics;

namespace SimLap.Host.Tests;

/// <summary>
/// Faults of the store and of the process itself: a full disk at every write site of the local store and of the
/// checkpoints (injected with SIMLAP_FAULT_WRITE) ends the run FAILED with exit 1, never FINISHED or RUNNING with
/// exit 0; a SIGKILL followed by --resume stores every (key, step) once, with the numbers of an uninterrupted run.
/// </summary>
public sealed class StoreFaultTests
{
    [Theory]
    [InlineData("metric:1")]
    [InlineData("metric:3")]
    [InlineData("param:1")]
    [InlineData("param:20")]
    [InlineData("tag:1")]
    // A run is created with ~27 tags (provenance, components, plugins, owner); the 30th is set while it trains.
    [InlineData("tag:30")]
    [InlineData("artifact:1")]
    [InlineData("checkpoint:1")]
    [InlineData("checkpoint:2")]
    [InlineData("meta:1")]
    [InlineData("meta:2")]
    public void A_full_disk_at_any_write_site_fails_the_run_with_exit_1(string fault)
    {
        using var workspace = new TestWorkspace();
        var experiment = workspace.WriteTinyExperiment();

        var result = CliRunner.Run(
            workspace.Path,
            ["run", experiment, "--set", "train.epochs=2", "--set", "checkpoint.every=1"],
            new Dictionary<string, string?> { ["SIMLAP_FAULT_WRITE"] = fault });

        CliAssert.ExitCode(result, 1);
        CliAssert.NoStackTrace(result);
        CliAssert.StderrContains(result, "No space left on device");
        Assert.DoesNotContain("run finished", result.StandardOutput, StringComparison.Ordinal);
        var runs = new MlrunsStore(workspace.MlrunsPath).RunFolders();
        if (fault is "meta:1" or "tag:1")
        {
            // The run could not even be created: nothing half-made is left behind.
            Assert.Empty(runs);
        }
        else
        {
            var run = Assert.Single(runs);
            if (fault == "meta:2")
            {
                // Even the final status could not be written: the message says so.
                CliAssert.StderrContains(result, "could not be updated");
            }
            else
            {
                Assert.Equal(MlrunsStore.Failed, MlrunsStore.Status(run));
                if (!fault.StartsWith("tag", StringComparison.Ordinal))
                {
                    Assert.Contains("No space left on device", MlrunsStore.ReadValue(run, "tags", "simlap.error"), StringComparison.Ordinal);
                }
            }
        }

        Assert.Empty(Directory.EnumerateFiles(workspace.Path, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void Kill9ThenResumeStoresEveryStepOnceWithTheNumbersOfAnUninterruptedRun()
    {
        using var reference = new TestWorkspace();
        var referenceExperiment = reference.WriteTinyExperiment();
        string[] arguments = ["--set", "train.epochs=5", "--set", "checkpoint.every=1", "--set", "train.log_every=1"];
        CliAssert.ExitCode(CliRunner.Run(reference.Path, ["run", referenceExperiment, .. arguments]), 0);
        var expected = Assert.Single(new MlrunsStore(reference.MlrunsPath).RunFolders());

        using var workspace = new TestWorkspace();
        var experiment = workspace.WriteTinyExperiment();
        using (var cli = CliRunner.Start(workspace.Path, ["run", experiment, .. arguments]))
        {
            cli.WaitForOutput("epoch 3/5", TimeSpan.FromMinutes(2));
            using var kill = Process.Start(new ProcessStartInfo("kill", ["-s", "KILL", cli.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
            kill.WaitForExit();
            cli.WaitForExit(TimeSpan.FromMinutes(1));
        }

        var run = Assert.Single(new MlrunsStore(workspace.MlrunsPath).RunFolders());
        var runId = Path.GetFileName(run);
        var resumed = CliRunner.Run(workspace.Path, ["run", experiment, .. arguments, "--resume", runId]);
        CliAssert.ExitCode(resumed, 0);
        Assert.Equal(MlrunsStore.Finished, MlrunsStore.Status(run));

        foreach (var key in new[] { "train/loss", "train/lr", "train/epoch_loss", "eval/knn/top1" })
        {
            var points = MlrunsStore.ReadMetric(run, key);
            Assert.Equal(points.Select(p => p.Step).Distinct().Count(), points.Count);
            Assert.Equal(MlrunsStore.ReadMetric(expected, key).Select(p => (p.Step, p.Value)), points.Select(p => (p.Step, p.Value)));
        }

        Assert.Empty(Directory.EnumerateFiles(workspace.Path, "*.tmp", SearchOption.AllDirectories));
    }
}
