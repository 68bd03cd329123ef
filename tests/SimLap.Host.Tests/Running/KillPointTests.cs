namespace SimLap.Host.Tests;

/// <summary>
/// kill -9 at many points of a run, chosen by write site (SIMLAP_FAULT_KILL): inside checkpoint writes, between metric
/// appends, at tag, param and artifact writes, and at seeded random metric writes. After each, `simlap runs` marks the
/// run KILLED (its owner is gone); then --resume either reaches the numbers of the uninterrupted run with every
/// (key, step) stored once and no temporary file left, or, when no checkpoint was complete yet, is refused with
/// exit 2 and the run left as it was.
/// </summary>
public sealed class KillPointTests
{
    private static readonly string[] Arguments = ["--set", "train.epochs=3", "--set", "checkpoint.every=1", "--set", "train.log_every=1"];

    private static readonly Lazy<string> Reference = new(TrainReference);

    /// <summary>The fixed points, and four more drawn with a fixed seed among the run's metric appends.</summary>
    public static TheoryData<string> KillPoints()
    {
        var random = new Random(20261202);
        var points = new TheoryData<string> { "checkpoint-entry:3", "checkpoint-entry:25", "checkpoint:2", "tag:29", "param:12", "artifact:1", "metric:2" };
        foreach (var nth in Enumerable.Range(0, 4).Select(_ => random.Next(3, 40)).Distinct())
        {
            points.Add($"metric:{nth}");
        }

        return points;
    }

    [Theory]
    [MemberData(nameof(KillPoints))]
    public void ARunKilledAtAnyWriteIsMarkedKilledAndResumesExactlyOrIsRefusedUntouched(string point)
    {
        using var workspace = new TestWorkspace();
        var experiment = workspace.WriteTinyExperiment();

        var killed = CliRunner.Run(workspace.Path, ["run", experiment, .. Arguments], new Dictionary<string, string?> { ["SIMLAP_FAULT_KILL"] = point });
        Assert.NotEqual(0, killed.ExitCode);
        var run = Assert.Single(new MlrunsStore(workspace.MlrunsPath).RunFolders());
        var runId = Path.GetFileName(run);

        CliAssert.ExitCode(CliRunner.Run(workspace.Path, "runs"), 0);
        Assert.Equal(MlrunsStore.Killed, MlrunsStore.Status(run));
        Assert.Contains("is gone", MlrunsStore.ReadValue(run, "tags", "simlap.error"), StringComparison.Ordinal);

        var checkpoints = workspace.Checkpoints(runId);
        var complete = Directory.Exists(checkpoints) && Directory.EnumerateFiles(checkpoints, "step-*.ckpt").Any();
        var before = complete ? null : FolderDigest.Of(run);
        var resumed = CliRunner.Run(workspace.Path, ["run", experiment, .. Arguments, "--resume", runId]);
        CliAssert.NoStackTrace(resumed);
        if (!complete)
        {
            CliAssert.ExitCode(resumed, 2);
            Assert.Equal(before, FolderDigest.Of(run));
            return;
        }

        CliAssert.ExitCode(resumed, 0);
        Assert.Equal(MlrunsStore.Finished, MlrunsStore.Status(run));
        foreach (var key in new[] { "train/loss", "train/lr", "train/epoch_loss", "eval/knn/top1" })
        {
            var points = MlrunsStore.ReadMetric(run, key);
            Assert.Equal(MlrunsStore.ReadMetric(Reference.Value, key).Select(p => (p.Step, p.Value)), points.Select(p => (p.Step, p.Value)));
        }

        Assert.Empty(Directory.EnumerateFiles(workspace.Path, "*.tmp", SearchOption.AllDirectories));
    }

    private static string TrainReference()
    {
        var workspace = new TestWorkspace();
        var experiment = workspace.WriteTinyExperiment();
        CliAssert.ExitCode(CliRunner.Run(workspace.Path, ["run", experiment, .. Arguments]), 0);
        return Assert.Single(new MlrunsStore(workspace.MlrunsPath).RunFolders());
    }
}
