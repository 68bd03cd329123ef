using System.Text.Json.Nodes;
using SimLap.Tracking;
using SimLap.Tracking.Rest;
using SimLap.Tracking.Tests.Rest;

namespace SimLap.Tracking.Tests;

/// <summary>
/// <see cref="IResumableBackend.HasRunNamed"/>: whether an active run of an experiment already has a name, found without
/// listing the experiment's runs (one filtered search on a server, each run's name tag locally).
/// </summary>
public sealed class RunNameSearchTests : IDisposable
{
    private static readonly Dictionary<string, string> NoTags = [];
    private readonly TrackingTestFolder folder = new();

    public void Dispose() => this.folder.Dispose();

    [Fact]
    public void ALocalStoreFindsAnActiveRunOfThatNameInThatExperimentOnly()
    {
        var store = new LocalFileStore(this.folder.Combine("mlruns"));
        store.StartLocalRun("exp", "quickstart seed=2", NoTags).End(RunStatus.Finished);
        store.StartLocalRun("other", "quickstart seed=3", NoTags).End(RunStatus.Finished);
        var deleted = store.StartLocalRun("exp", "quickstart seed=4", NoTags);
        deleted.End(RunStatus.Finished);
        var meta = Path.Combine(deleted.RunDirectory, LocalFileStore.MetaFileName);
        File.WriteAllText(meta, File.ReadAllText(meta).Replace("lifecycle_stage: active", "lifecycle_stage: deleted", StringComparison.Ordinal));

        Assert.True(store.HasRunNamed("exp", "quickstart seed=2"));
        Assert.False(store.HasRunNamed("exp", "quickstart seed=3"));
        Assert.False(store.HasRunNamed("exp", "quickstart seed=4"));
        Assert.False(store.HasRunNamed("exp", "quickstart"));
        Assert.False(store.HasRunNamed("missing", "quickstart seed=2"));
    }

    [Fact]
    public void ALocalRunWithoutANameTagIsKnownByMetaYamlsRunName()
    {
        var store = new LocalFileStore(this.folder.Combine("mlruns"));
        var run = store.StartLocalRun("exp", "tiny lr=0.1", NoTags);
        run.End(RunStatus.Finished);
        File.Delete(Path.Combine(run.RunDirectory, "tags", LocalFileRun.RunNameTag));

        Assert.True(store.HasRunNamed("exp", "tiny lr=0.1"));
    }

    [Fact]
    public void AServerIsAskedOnceForThatNameInThatExperimentAndNeverForEveryRun()
    {
        using var server = new FakeMlflowServer();
        using var backend = Backend(server);
        backend.StartRestRun("exp", "quickstart seed=2").End(RunStatus.Finished);
        backend.StartRestRun("exp", "quickstart seed=5").End(RunStatus.Finished);
        backend.StartRestRun("other", "quickstart seed=3").End(RunStatus.Finished);
        var before = server.Requests.Count;

        Assert.True(backend.HasRunNamed("exp", "quickstart seed=2"));
        Assert.False(backend.HasRunNamed("exp", "quickstart seed=3"));
        Assert.False(backend.HasRunNamed("missing", "quickstart seed=2"));

        // The one experiment that exists is searched twice, each time for one name and at most one run.
        var searches = server.Requests.Skip(before).Where(r => r.Path.EndsWith("runs/search", StringComparison.Ordinal)).Select(r => JsonNode.Parse(r.Body)!).ToList();
        Assert.Equal(
            [("attributes.run_name = 'quickstart seed=2'", 1), ("attributes.run_name = 'quickstart seed=3'", 1)],
            searches.Select(s => ((string)s["filter"]!, (int)s["max_results"]!)).ToList());
        Assert.All(searches, s => Assert.Equal(server.Runs.Values.Single(r => r.Name == "quickstart seed=2").ExperimentId, (string)s["experiment_ids"]![0]!));
    }

    [Fact]
    public void ANameAServerFilterCannotQuoteCountsAsTakenWithoutAsking()
    {
        using var server = new FakeMlflowServer();
        using var backend = Backend(server);
        var before = server.Requests.Count;

        Assert.True(backend.HasRunNamed("exp", "tiny data.root=it's"));
        Assert.Equal(before, server.Requests.Count);
    }

    private RestTrackingBackend Backend(FakeMlflowServer server) => FakeServerBackend.For(server, this.folder.Combine("spool"));
}
