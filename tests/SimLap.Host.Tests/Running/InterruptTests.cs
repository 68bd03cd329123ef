using System.Diagnostics;

namespace SimLap.Host.Tests;

/// <summary>SIGINT and SIGTERM stop a run after the current step: exit 130 / 143, the run marked KILLED, what was logged kept.</summary>
public sealed class InterruptTests
{
    [Theory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public void RunSignalledExitsWithTheSignalsCodeAndMarksTheRunKilled(string signal, int exitCode)
    {
        using var workspace = new TestWorkspace();
        var experiment = workspace.WriteTinyExperiment();

        // 1000 epochs of 4 steps: far longer than the test waits.
        using var cli = CliRunner.Start(workspace.Path, ["run", experiment, "--set", "train.epochs=1000"]);
        cli.WaitForOutput("epoch 1/1000", TimeSpan.FromMinutes(2));
        SendSignal(cli.Id, signal);
        var result = cli.WaitForExit(TimeSpan.FromMinutes(1));

        CliAssert.ExitCode(result, exitCode);
        CliAssert.NoStackTrace(result);
        CliAssert.SingleError(result);
        CliAssert.StderrContains(result, "interrupted", "KILLED");
        Assert.DoesNotContain("epoch 1000/1000", result.StandardOutput, StringComparison.Ordinal);
        var run = Assert.Single(new MlrunsStore(workspace.MlrunsPath).RunFolders());
        Assert.Equal(MlrunsStore.Killed, MlrunsStore.Status(run));
        var runId = System.IO.Path.GetFileName(run);
        Assert.Equal($"interrupted; resume with --resume {runId}", MlrunsStore.ReadValue(run, "tags", "simlap.error"));
        var loss = MlrunsStore.ReadMetric(run, "train/loss");
        Assert.True(loss.Count >= 4, $"The first epoch's losses were not kept: {loss.Count} points.");
        Assert.Equal(Enumerable.Range(0, loss.Count).Select(s => (long)s), loss.Select(p => p.Step));

        // The checkpoint written on the way out is usable: the same experiment (a resume may not change train.epochs
        // downwards) continues it in the same run past the interrupted epoch, at the next step.
        var checkpoint = SimLap.Engine.Training.CheckpointFolder.Latest(workspace.Checkpoints(runId));
        Assert.NotNull(checkpoint);
        var progress = SimLap.Engine.Training.CheckpointFile.ReadHeader(checkpoint!).Progress;
        Assert.Equal(loss.Count, progress.Step);
        using (var resumed = CliRunner.Start(workspace.Path, ["run", experiment, "--set", "train.epochs=1000", "--resume", runId]))
        {
            resumed.WaitForOutput($"epoch {progress.Epoch}/1000", TimeSpan.FromMinutes(2));
            SendSignal(resumed.Id, signal);
            CliAssert.ExitCode(resumed.WaitForExit(TimeSpan.FromMinutes(1)), exitCode);
        }

        Assert.Equal(MlrunsStore.Killed, MlrunsStore.Status(run));
        var continued = MlrunsStore.ReadMetric(run, "train/loss");
        Assert.True(continued.Count >= progress.Epoch * 4, $"The resumed run did not finish epoch {progress.Epoch}: {continued.Count} steps.");
        Assert.Equal(Enumerable.Range(0, continued.Count).Select(s => (long)s), continued.Select(p => p.Step));
    }

    private static void SendSignal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-s", signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }
}
