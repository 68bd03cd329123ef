using SimLap.Engine.Configuration;
using SimLap.Engine.Running;
using SimLap.Engine.Tests.TestSupport;
using SimLap.Tracking;

namespace SimLap.Engine.Tests.Running;

/// <summary><c>simlap runs prune</c>'s engine: the checkpoint folders of runs deleted from a real local store, or gone from it, and only those.</summary>
public sealed class CheckpointPrunerTests : IDisposable
{
    private readonly TempFolder work = new();

    public CheckpointPrunerTests()
    {
        Store = new LocalFileStore(work.Combine("mlruns"));
        Home = work.Combine("ckpt");
    }

    private LocalFileStore Store { get; }

    private string Home { get; }

    public void Dispose() => work.Dispose();

    [Fact]
    public void TheFoldersOfDeletedAndVanishedRunsGoAndAllOthersStay()
    {
        var active = Run("exp", 300);
        var deleted = Run("exp", 1000);
        var vanished = Run("gone-exp", 2500);
        var foreign = Folder("exp", "f00d", 700, new CheckpointMarker("f00d", "exp", "/other/mlruns"));
        var unmarked = Folder("exp", "beef", 700, null);
        MarkDeleted(deleted.RunFolder);
        Directory.Delete(vanished.RunFolder, recursive: true);

        var plan = CheckpointPruner.Plan(Home, Store, null);

        Assert.Equal(
            [($"exp/{deleted.RunId}", 1000 + MarkerBytes(deleted.Checkpoints)), ($"gone-exp/{vanished.RunId}", 2500 + MarkerBytes(vanished.Checkpoints))],
            plan.Remove.Select(c => (c.Relative, c.Bytes)).Order());
        Assert.Equal(3500 + MarkerBytes(deleted.Checkpoints) + MarkerBytes(vanished.Checkpoints), plan.Bytes);
        Assert.Equal(1, plan.Kept);
        Assert.Equal("/other/mlruns", Assert.Single(plan.OtherStores).Store);
        Assert.Equal(unmarked, Assert.Single(plan.Unmarked));

        // The plan is a dry run: nothing is gone until Delete.
        Assert.True(Directory.Exists(deleted.Checkpoints));
        Assert.Equal(plan.Bytes, CheckpointPruner.Delete(plan));

        Assert.False(Directory.Exists(deleted.Checkpoints));
        Assert.False(Directory.Exists(Path.Combine(Home, "gone-exp")));
        Assert.True(Directory.Exists(active.Checkpoints));
        Assert.True(Directory.Exists(foreign));
        Assert.True(Directory.Exists(unmarked));
        Assert.Empty(CheckpointPruner.Plan(Home, Store, null).Remove);
    }

    [Fact]
    public void OneExperimentsFoldersAloneArePrunedWithExperiment()
    {
        var deleted = Run("exp", 10);
        var other = Run("other", 10);
        MarkDeleted(deleted.RunFolder);
        MarkDeleted(other.RunFolder);

        var plan = CheckpointPruner.Plan(Home, Store, "exp");

        Assert.Equal($"exp/{deleted.RunId}", Assert.Single(plan.Remove).Relative);
    }

    [Fact]
    public void AnExperimentWithoutCheckpointsIsAnErrorNamingTheNearestOne()
    {
        Run("quickstart", 10);
        Run("ablation", 10);

        var error = Assert.Throws<ConfigurationException>(() => CheckpointPruner.Plan(Home, Store, "quikstart"));

        Assert.Equal(
            $"--experiment 'quikstart': the checkpoint home {Home} holds no checkpoints of that experiment. Did you mean 'quickstart'? It holds checkpoints of: ablation, quickstart.",
            Assert.Single(error.Problems));
    }

    [Fact]
    public void ARunWhoseMetaYamlCannotBeReadIsNeverTakenForGone()
    {
        var damaged = Run("exp", 10);
        // A torn write: the run is still in the store, but its meta.yaml is not YAML any more.
        File.WriteAllText(Path.Combine(damaged.RunFolder, "meta.yaml"), "run_id: [unclosed\n");

        var error = Assert.Throws<TrackingStoreException>(() => CheckpointPruner.Plan(Home, Store, null));

        Assert.Contains($"'{damaged.RunFolder}'", error.Message, StringComparison.Ordinal);
        Assert.True(Directory.Exists(damaged.Checkpoints));
    }

    [Fact]
    public void AHomeThatDoesNotExistHasNothingToPrune()
    {
        var plan = CheckpointPruner.Plan(work.Combine("no-such-home"), Store, null);

        Assert.Empty(plan.Remove);
        Assert.Equal(0, plan.Kept);
    }

    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(1023, "1023 B")]
    [InlineData(1536, "1.5 KB")]
    [InlineData(12_897_484, "12.3 MB")]
    public void SizesReadInPowersOf1024(long bytes, string text)
    {
        Assert.Equal(text, CheckpointPruner.FormatSize(bytes));
    }

    private (string RunId, string RunFolder, string Checkpoints) Run(string experiment, int bytes)
    {
        using var run = Store.StartLocalRun(experiment, "run");
        run.End(RunStatus.Finished);
        var folder = Folder(experiment, run.RunId, bytes, new CheckpointMarker(run.RunId, experiment, Store.Description));
        return (run.RunId, run.RunDirectory, folder);
    }

    private string Folder(string experiment, string runId, int bytes, CheckpointMarker? marker)
    {
        var folder = Path.Combine(Home, experiment, runId);
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "step-000000004.ckpt"), new byte[bytes]);
        if (marker is not null)
        {
            CheckpointHome.WriteMarker(folder, marker.RunId, marker.Experiment, marker.Store);
        }

        return folder;
    }

    /// <summary>Deletes a run as MLflow does (<c>mlflow runs delete</c>): its meta.yaml's lifecycle_stage becomes deleted.</summary>
    private static void MarkDeleted(string runFolder)
    {
        var meta = Path.Combine(runFolder, "meta.yaml");
        File.WriteAllText(meta, File.ReadAllText(meta).Replace("lifecycle_stage: active", "lifecycle_stage: deleted", StringComparison.Ordinal));
    }

    private static long MarkerBytes(string folder) => new FileInfo(Path.Combine(folder, CheckpointHome.MarkerFileName)).Length;
}
