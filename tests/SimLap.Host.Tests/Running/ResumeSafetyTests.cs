using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SimLap.Host.Tests;

/// <summary>
/// A run is continued only by the experiment it was started with, by one process at a time; a refused resume leaves
/// the stored run byte for byte as it was; a run whose process died is marked KILLED and can be resumed.
/// </summary>
public sealed class ResumeSafetyTests
{
    [Theory]
    [InlineData("train.optimizer.lr=0.01", "train.optimizer.lr: '0.001' (stored) vs '0.01' (now)")]
    [InlineData("seed=7", "seed: '1' (stored) vs '7' (now)")]
    [InlineData("train.epochs=3", "train.epochs: '1' (stored) vs '3' (now)")]
    [InlineData("train.batch_size=8", "train.batch_size: '16' (stored) vs '8' (now)")]
    public void ResumeWithAChangedParamIsRefusedListingBothValuesAndTheRunIsByteIdentical(string change, string listed)
    {
        using var workspace = new TestWorkspace();
        var experiment = workspace.WriteTinyExperiment();
        var (runId, folder) = FinishedRun(workspace, experiment);
        var before = Hash(folder);

        var resumed = CliRunner.Run(workspace.Path, "run", experiment, "--set", change, "--resume", runId);

        CliAssert.ExitCode(resumed, 2);
        CliAssert.NoStackTrace(resumed);
        CliAssert.SingleError(resumed);
        CliAssert.StderrContains(resumed, $"--resume {runId}", "1 param(s) differ", listed, "Nothing was changed in the run");
        Assert.Equal(before, Hash(folder));
    }

    [Fact]
    public void ResumeOfAFinishedRunIsRefusedSayingHowToStartANewRunAndTheRunIsUnchanged()
    {
        using var workspace = new TestWorkspace();
        var experiment = workspace.WriteTinyExperiment();
        var (runId, folder) = FinishedRun(workspace, experiment);
        var before = Hash(folder);

        var resumed = CliRunner.Run(workspace.Path, "run", experiment, "--resume", runId);

        CliAssert.ExitCode(resumed, 2);
        CliAssert.SingleError(resumed);
        CliAssert.StderrContains(resumed, "' has FINISHED (ended ", "a finished run is not resumed", "--extend-epochs N", "without --resume");
        Assert.Equal(before, Hash(folder));
        Assert.Equal(MlrunsStore.Finished, MlrunsStore.Status(folder));
    }

    [Fact]
    public void ResumeOfAnotherExperimentsRunIsRefusedAndTheRunIsUnchanged()
    {
        using var workspace = new TestWorkspace();
        var experiment = workspace.WriteTinyExperiment();
        var other = workspace.Write("other.yaml", "extends: [tiny.yaml]\nname: other\nloss:\n  temperature: 0.2\n");
        var (runId, folder) = FinishedRun(workspace, experiment);
        var before = Hash(folder);

        var resumed = CliRunner.Run(workspace.Path, "run", other, "--resume", runId);

        CliAssert.ExitCode(resumed, 2);
        CliAssert.StderrContains(resumed, "2 param(s) differ", "loss.temperature: '0.1' (stored) vs '0.2' (now)", "name: 'quickstart' (stored) vs 'other' (now)");
        Assert.Equal(before, Hash(folder));
    }

    [Fact]
    public void ExtendEpochsTrainsAFinishedRunOnInTheSameRunAndRecordsTheChange()
    {
        using var workspace = new TestWorkspace();
        var experiment = workspace.WriteTinyExperiment();
        var (runId, folder) = FinishedRun(workspace, experiment);

        var notLarger = CliRunner.Run(workspace.Path, "run", experiment, "--resume", runId, "--extend-epochs", "1");
        CliAssert.ExitCode(notLarger, 2);
        CliAssert.StderrContains(notLarger, "already trains for '1' epochs; give a larger total");

        var extended = CliRunner.Run(workspace.Path, "run", experiment, "--resume", runId, "--extend-epochs", "2");

        CliAssert.ExitCode(extended, 0);
        Assert.Equal(MlrunsStore.Finished, MlrunsStore.Status(folder));
        Assert.Equal("2", MlrunsStore.ReadValue(folder, "params", "train.epochs"));
        Assert.Equal("train.epochs 1 -> 2", MlrunsStore.ReadValue(folder, "tags", "simlap.extended"));
        var history = MlrunsStore.ReadValue(folder, "tags", "simlap.resume.history");
        Assert.Contains("resumed (FINISHED)", history, StringComparison.Ordinal);
        Assert.EndsWith("; train.epochs 1 -> 2", history, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(0, 8).Select(s => (long)s), MlrunsStore.ReadMetric(folder, "train/loss").Select(p => p.Step));
        Assert.Equal(2, MlrunsStore.ReadMetric(folder, "train/epoch_loss").Count);

        // With the extension stored, the same extension is a plain resume of a finished run again: refused.
        var again = CliRunner.Run(workspace.Path, "run", experiment, "--resume", runId, "--set", "train.epochs=2");
        CliAssert.ExitCode(again, 2);
        CliAssert.StderrContains(again, "has FINISHED");
    }

    [Fact]
    public void SecondResumeOfARunInProgressIsRefusedNamingTheOwnerAndTheFirstGoesOn()
    {
        using var workspace = new TestWorkspace();
        var experiment = workspace.WriteTinyExperiment();
        var longRun = new[] { "--set", "train.epochs=1000" };
        string runId;
        using (var first = CliRunner.Start(workspace.Path, ["run", experiment, .. longRun]))
        {
            first.WaitForOutput("epoch 1/1000", TimeSpan.FromMinutes(2));
            runId = RunId(workspace);

            // A resume of a run its own process is still training is refused too.
            var whileNew = CliRunner.Run(workspace.Path, ["run", experiment, .. longRun, "--resume", runId]);
            CliAssert.ExitCode(whileNew, 2);
            CliAssert.StderrContains(whileNew, $"owned by process {first.Id} on {Environment.MachineName}");
            Interrupt(first);
        }

        var folder = Assert.Single(new MlrunsStore(workspace.MlrunsPath).RunFolders());
        Assert.Equal(MlrunsStore.Killed, MlrunsStore.Status(folder));
        using var resumed = CliRunner.Start(workspace.Path, ["run", experiment, .. longRun, "--resume", runId]);
        resumed.WaitForOutput("/1000:", TimeSpan.FromMinutes(2));

        var second = CliRunner.Run(workspace.Path, ["run", experiment, .. longRun, "--resume", runId]);

        CliAssert.ExitCode(second, 2);
        CliAssert.SingleError(second);
        CliAssert.StderrContains(second, "is in progress", $"owned by process {resumed.Id} on {Environment.MachineName} (since", "one process at a time owns a run");
        Assert.Equal(MlrunsStore.Running, MlrunsStore.Status(folder));
        Interrupt(resumed);
        Assert.Equal(MlrunsStore.Killed, MlrunsStore.Status(folder));
        var loss = MlrunsStore.ReadMetric(folder, "train/loss");
        Assert.Equal(Enumerable.Range(0, loss.Count).Select(s => (long)s), loss.Select(p => p.Step));
    }

    [Fact]
    public void SigkilledRunIsShownKilledByRunsWithTheReasonThenResumesToFinished()
    {
        using var workspace = new TestWorkspace();
        var experiment = workspace.WriteTinyExperiment();
        var fast = new Dictionary<string, string?> { ["SIMLAP_HEARTBEAT_SECONDS"] = "0.2" };
        int pid;
        using (var doomed = CliRunner.Start(workspace.Path, ["run", experiment, "--set", "train.epochs=8"], fast))
        {
            doomed.WaitForOutput("epoch 1/8", TimeSpan.FromMinutes(2));
            WaitForCheckpoint(workspace);
            pid = doomed.Id;
            Process.GetProcessById(pid).Kill();
            doomed.WaitForExit(TimeSpan.FromMinutes(1));
        }

        var folder = Assert.Single(new MlrunsStore(workspace.MlrunsPath).RunFolders());
        var runId = Path.GetFileName(folder);
        Assert.Equal(MlrunsStore.Running, MlrunsStore.Status(folder));
        var heartbeat = MlrunsStore.ReadValue(folder, "tags", "simlap.heartbeat");

        var runs = CliRunner.Run(workspace.Path, "runs");

        CliAssert.ExitCode(runs, 0);
        CliAssert.NoError(runs);
        var reason = $"owner process {pid} on {Environment.MachineName} is gone (last heartbeat {heartbeat})";
        CliAssert.StdoutContains(runs, runId, "KILLED", $"run {runId} was left RUNNING and is now marked KILLED: {reason}");
        Assert.Equal(MlrunsStore.Killed, MlrunsStore.Status(folder));
        Assert.Equal(reason, MlrunsStore.ReadValue(folder, "tags", "simlap.error"));

        var resumed = CliRunner.Run(workspace.Path, "run", experiment, "--set", "train.epochs=8", "--resume", runId);

        CliAssert.ExitCode(resumed, 0);
        Assert.Equal(MlrunsStore.Finished, MlrunsStore.Status(folder));
        Assert.Equal("", MlrunsStore.ReadValue(folder, "tags", "simlap.error"));
        var history = MlrunsStore.ReadValue(folder, "tags", "simlap.resume.history");
        Assert.Contains("resumed (KILLED) by process ", history, StringComparison.Ordinal);
        Assert.EndsWith($"; it had ended with: {reason}", history, StringComparison.Ordinal);
        var steps = MlrunsStore.ReadMetric(folder, "train/loss").Select(p => p.Step).Distinct().Order().ToList();
        Assert.Equal(Enumerable.Range(0, 8 * 4).Select(s => (long)s), steps);
    }

    [Fact]
    public void SigkilledRunIsMarkedKilledByTheNextRunIntoTheStore()
    {
        using var workspace = new TestWorkspace();
        var experiment = workspace.WriteTinyExperiment();
        using (var doomed = CliRunner.Start(workspace.Path, ["run", experiment, "--set", "train.epochs=1000"]))
        {
            doomed.WaitForOutput("epoch 1/1000", TimeSpan.FromMinutes(2));
            Process.GetProcessById(doomed.Id).Kill();
            doomed.WaitForExit(TimeSpan.FromMinutes(1));
        }

        var killed = Assert.Single(new MlrunsStore(workspace.MlrunsPath).RunFolders());

        var next = CliRunner.Run(workspace.Path, "run", experiment);

        CliAssert.ExitCode(next, 0);
        CliAssert.StderrContains(next, $"Run {Path.GetFileName(killed)}", "is marked KILLED");
        Assert.Equal(MlrunsStore.Killed, MlrunsStore.Status(killed));
        Assert.StartsWith("owner process ", MlrunsStore.ReadValue(killed, "tags", "simlap.error"), StringComparison.Ordinal);
        Assert.Equal(2, new MlrunsStore(workspace.MlrunsPath).RunFolders().Count);
    }

    private static (string RunId, string Folder) FinishedRun(TestWorkspace workspace, string experiment)
    {
        var first = CliRunner.Run(workspace.Path, "run", experiment);
        CliAssert.ExitCode(first, 0);
        var folder = Assert.Single(new MlrunsStore(workspace.MlrunsPath).RunFolders());
        Assert.Equal(MlrunsStore.Finished, MlrunsStore.Status(folder));
        return (Path.GetFileName(folder), folder);
    }

    /// <summary>Waits until the only run has a checkpoint (written just after its first epoch line).</summary>
    private static void WaitForCheckpoint(TestWorkspace workspace)
    {
        var clock = Stopwatch.StartNew();
        while (SimLap.Engine.Training.CheckpointFolder.Latest(workspace.Checkpoints(RunId(workspace))) is null)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), "The run wrote no checkpoint within a minute.");
            Thread.Sleep(20);
        }
    }

    private static string RunId(TestWorkspace workspace) => Path.GetFileName(Assert.Single(new MlrunsStore(workspace.MlrunsPath).RunFolders()));

    private static void Interrupt(CliProcess process)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-s", "INT", process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
        CliAssert.ExitCode(process.WaitForExit(TimeSpan.FromMinutes(1)), 130);
    }

    /// <summary>A digest of every file (relative path and bytes) under <paramref name="folder"/>.</summary>
    private static string Hash(string folder)
    {
        var text = new StringBuilder();
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            text.Append(Path.GetRelativePath(folder, file)).Append(':').Append(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)))).Append('\n');
        }

        return text.ToString();
    }
}
