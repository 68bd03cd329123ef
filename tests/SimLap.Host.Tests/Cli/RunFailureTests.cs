using System.Globalization;
using System.Text.RegularExpressions;

namespace SimLap.Host.Tests;

/// <summary>Runs that fail after they started: one clear error, a non-zero exit code, and the run marked FAILED, never left RUNNING.</summary>
public sealed class RunFailureTests
{
    [Fact]
    public void RunDivergingLossExitsWith1AndMarksTheRunFailed()
    {
        using var workspace = new TestWorkspace();
        var experiment = workspace.WriteTinyExperiment();

        // lr 1e30 is refused up front (lr is at most 100), so diverge the way a real mistake does: SGD at the largest
        // learning rate with weight decay 1 multiplies the weights by about -99 per step until they overflow float32.
        var result = CliRunner.Run(
            workspace.Path,
            "run", experiment,
            "--set", "train.optimizer.type=sgd",
            "--set", "train.optimizer.lr=100",
            "--set", "train.optimizer.weight_decay=1",
            "--set", "train.warmup_epochs=0",
            "--set", "train.schedule=constant",
            "--set", "train.epochs=6");

        CliAssert.ExitCode(result, 1);
        CliAssert.NoStackTrace(result);
        CliAssert.SingleError(result);
        var diverged = CliAssert.StderrMatches(result, "thelossisnotfiniteatstep([0-9]+)");
        CliAssert.StderrContains(result, "lower the learning rate");
        Assert.DoesNotContain("run finished", result.StandardOutput, StringComparison.Ordinal);

        var run = AssertFailedRun(workspace, result);
        Assert.Contains("not finite", MlrunsStore.ReadValue(run, "tags", "simlap.error"), StringComparison.Ordinal);
        var step = long.Parse(diverged.Groups[1].Value, CultureInfo.InvariantCulture);
        var loss = File.Exists(Path.Combine(run, "metrics", "train", "loss")) ? MlrunsStore.ReadMetric(run, "train/loss") : [];
        Assert.All(loss, p =>
        {
            Assert.True(double.IsFinite(p.Value), $"A non-finite loss was logged at step {p.Step}.");
            Assert.True(p.Step < step, $"A loss was logged at step {p.Step}, at or after the divergence at step {step}.");
        });
        Assert.Equal(Enumerable.Range(0, (int)step).Select(s => (long)s), loss.Select(p => p.Step));
    }

    [Fact]
    public void RunBatchLargerThanTheTrainingSetIsRefusedWithExit2BeforeARunIsCreated()
    {
        using var workspace = new TestWorkspace();
        var experiment = workspace.WriteTinyExperiment();

        // Valid on its own (batch_size <= 2^20), too large only for this data set: the synthetic set reports its size
        // before loading, so the run is refused before it is created and nothing is stored.
        var result = CliRunner.Run(workspace.Path, "run", experiment, "--set", "train.batch_size=100000");

        CliAssert.ExitCode(result, 2);
        CliAssert.NoStackTrace(result);
        CliAssert.SingleError(result);
        CliAssert.StderrContains(result, $"train.batch_size = 100000 is larger than the training set ({TestWorkspace.TinyTrainImages} images)");
        Assert.DoesNotContain("run finished", result.StandardOutput, StringComparison.Ordinal);
        Assert.False(Directory.Exists(workspace.MlrunsPath), "a refused run created ./mlruns.");
    }

    private static string AssertFailedRun(TestWorkspace workspace, CliResult result)
    {
        var runs = new MlrunsStore(workspace.MlrunsPath).RunFolders();
        Assert.True(runs.Count == 1, $"Expected one run in ./mlruns, found {runs.Count}.{Environment.NewLine}{result}");
        var run = runs[0];
        var meta = MlrunsStore.ReadMeta(Path.Combine(run, "meta.yaml"));
        Assert.Equal(MlrunsStore.Failed, MlrunsStore.Status(run));
        Assert.Matches(new Regex("^[0-9]+$"), meta["end_time"] ?? "null");
        return run;
    }
}
