using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using SimLap.Engine.Experiments;
using SimLap.Engine.Orchestration.Sweeps;
using SimLap.Engine.Tests.TestSupport;
using SimLap.Tracking;
using SimLap.Tracking.Rest;
using SimLap.Tracking.Tests.Rest;

namespace SimLap.Engine.Tests.Sweeps;

/// <summary>
/// The end summary of a sweep whose trials ran in separate processes (a job array under SIMLAP_PARENT_RUN_ID): written
/// exactly once however many finishers race, taken over after a claimant was killed, written again after a trial was
/// re-run, on a local store and on a server (the fake, which refuses a changed param as MLflow does).
/// </summary>
public sealed class SweepCompletionTests : IDisposable
{
    private const string Experiment = "engine-tests";
    private const string Best = "best/eval/knn/top1";

    private readonly TempFolder work = new();

    public void Dispose() => work.Dispose();

    [Fact]
    public void EightFinishersAtOnceWriteTheSummaryOnceInALocalStore()
    {
        var (store, sweeps) = Local();
        var parent = Parent(sweeps);
        Trial(store, parent, 0, 0.5, RunStatus.Finished);
        Trial(store, parent, 1, 0.7, RunStatus.Finished);

        var trials = Trials();
        var won = Race(8, () => Completion(store).TryComplete(sweeps, parent, trials, Experiment));

        Assert.Equal(1, won.Count(w => w));
        var folder = store.ReadRun(parent)!.Folder!;
        Assert.Equal(RunStatus.Finished, store.ReadRun(parent)!.Status);
        Assert.Equal([(0L, 0.7)], Points(folder, Best));
        Assert.Equal([(0L, 1.0)], Points(folder, "best_trial/eval/knn/top1"));
        Assert.Equal([(0L, 0.6)], Points(folder, "group/all/eval/knn/top1/mean").Select(p => (p.Step, Math.Round(p.Value, 12))));
        Assert.Equal(Math.Sqrt(0.02), Points(folder, "group/all/eval/knn/top1/std").Single().Value, 12);
        Assert.Equal([(0L, 2.0)], Points(folder, "sweep/finished"));
        var claim = Assert.Single(Directory.EnumerateFiles(Path.Combine(folder, "params"), SweepTags.SummaryClaimPrefix + "*"));
        Assert.EndsWith(".0", claim, StringComparison.Ordinal);
        var row = Assert.Single(File.ReadAllLines(Path.Combine(folder, "artifacts", "comparison.csv")).Skip(1)).Split(',');
        Assert.Equal(("all", "2", 0.6, Math.Round(Math.Sqrt(0.02), 12)), (row[0], row[1], Math.Round(double.Parse(row[2], CultureInfo.InvariantCulture), 12), Math.Round(double.Parse(row[3], CultureInfo.InvariantCulture), 12)));
    }

    [Fact]
    public void EightFinishersAtOnceWriteTheSummaryOnceOnAServer()
    {
        using var server = new FakeMlflowServer();
        using var backend = Backend(server);
        var sweeps = new RestSweepStore(backend.Client);
        var parent = Parent(sweeps);
        Trial(backend, parent, 0, 0.5, RunStatus.Finished);
        Trial(backend, parent, 1, 0.7, RunStatus.Finished);

        var trials = Trials();
        var won = Race(8, () => Completion(backend).TryComplete(sweeps, parent, trials, Experiment));

        Assert.Equal(1, won.Count(w => w));
        Assert.Equal("FINISHED", server.Runs[parent].Status);
        Assert.Equal([(0L, 0.7)], server.Points.Where(p => p.RunId == parent && p.Key == Best).Select(p => (p.Step, p.Value)));
        Assert.Single(server.Points, p => p.RunId == parent && p.Key == "sweep/finished");
        Assert.Single(server.Runs[parent].Params.Keys, k => k.StartsWith(SweepTags.SummaryClaimPrefix, StringComparison.Ordinal));
        Assert.Equal("0", server.Runs[parent].Tags[SweepTags.SummaryStep]);
        Assert.True(server.Runs[parent].Artifacts.ContainsKey("comparison.md"));
    }

    [Fact]
    public void AClaimantKilledHalfWayIsTakenOverAndThePointsItStoredAreNotStoredAgain()
    {
        var (store, sweeps) = Local();
        var parent = Parent(sweeps);
        Trial(store, parent, 0, 0.5, RunStatus.Finished);
        Trial(store, parent, 1, 0.7, RunStatus.Finished);
        var state = SweepSummaryClaim.StateOf(SweepStores.NewestPerTrial(sweeps.Children(parent)));
        var folder = store.ReadRun(parent)!.Folder!;

        // kill -9 after the claim and the first summary point: a claim by a dead process of this host, one point stored.
        var dead = $"{Environment.MachineName}|999999|2026-12-02T06:00:00.000Z|2026-12-02T07:00:00.000Z|deadbeef";
        Assert.Equal(dead, sweeps.Claim(parent, SweepTags.SummaryClaimPrefix + state + ".0", dead));
        Directory.CreateDirectory(Path.Combine(folder, "metrics", "best", "eval", "knn"));
        File.WriteAllText(Path.Combine(folder, "metrics", "best", "eval", "knn", "top1"), "1764658800000 0.7 0\n");

        Assert.True(Completion(store).TryComplete(sweeps, parent, Trials(), Experiment));

        Assert.Equal(RunStatus.Finished, store.ReadRun(parent)!.Status);
        Assert.Equal([(0L, 0.7)], Points(folder, Best));
        Assert.Equal([(0L, 1.0)], Points(folder, "best_trial/eval/knn/top1"));
        Assert.StartsWith("owner process 999999 on ", SweepSummaryClaim.GoneReason(dead, Completion(store).Liveness), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder, "params", SweepTags.SummaryClaimPrefix + state + ".1")));
        Assert.Equal(state, store.ReadRun(parent)!.Tags[SweepTags.SummaryState]);
    }

    [Fact]
    public void ALiveClaimantIsLeftToFinishAndNothingIsWritten()
    {
        var (store, sweeps) = Local();
        var parent = Parent(sweeps);
        Trial(store, parent, 0, 0.5, RunStatus.Finished);
        Trial(store, parent, 1, 0.7, RunStatus.Finished);
        var state = SweepSummaryClaim.StateOf(SweepStores.NewestPerTrial(sweeps.Children(parent)));
        sweeps.Claim(parent, SweepTags.SummaryClaimPrefix + state + ".0", SweepSummaryClaim.NewHolder());

        Assert.False(new SweepCompletion(store, NullLogger.Instance).TryComplete(sweeps, parent, Trials(), Experiment));

        var folder = store.ReadRun(parent)!.Folder!;
        Assert.Equal(RunStatus.Running, store.ReadRun(parent)!.Status);
        Assert.False(File.Exists(Path.Combine(folder, "metrics", "best", "eval", "knn", "top1")));
    }

    [Fact]
    public void ATrialReRunAfterTheParentEndedGetsTheSummaryWrittenAgainAtTheNextStep()
    {
        var (store, sweeps) = Local();
        var parent = Parent(sweeps);
        Trial(store, parent, 0, 0.5, RunStatus.Finished);
        Assert.False(Completion(store).TryComplete(sweeps, parent, Trials(), Experiment));
        Trial(store, parent, 1, 0.9, RunStatus.Failed);
        Assert.True(Completion(store).TryComplete(sweeps, parent, Trials(), Experiment));
        Assert.Equal(RunStatus.Failed, store.ReadRun(parent)!.Status);
        Assert.Equal("1", store.ReadRun(parent)!.Tags[SweepTags.Failed]);

        // The failed trial is run again (a newer run of trial 1) and finishes: the next finisher writes step 1.
        Thread.Sleep(5);
        Trial(store, parent, 1, 0.8, RunStatus.Finished);
        Assert.True(Completion(store).TryComplete(sweeps, parent, Trials(), Experiment));
        Assert.False(Completion(store).TryComplete(sweeps, parent, Trials(), Experiment));

        var folder = store.ReadRun(parent)!.Folder!;
        var ended = store.ReadRun(parent)!;
        Assert.Equal(RunStatus.Finished, ended.Status);
        Assert.Equal(("0", "1"), (ended.Tags[SweepTags.Failed], ended.Tags[SweepTags.SummaryStep]));
        Assert.Equal([(0L, 0.5), (1L, 0.8)], Points(folder, Best));
        Assert.Equal([(0L, 1.0), (1L, 2.0)], Points(folder, "sweep/finished"));
        Assert.Equal([(0L, 0.5), (1L, 0.65)], Points(folder, "group/all/eval/knn/top1/mean").Select(p => (p.Step, Math.Round(p.Value, 12))));
    }

    /// <summary>The real liveness of this machine: the racing threads' claims are this live process's; pid 999999 is gone.</summary>
    private static SweepCompletion Completion(ITrackingBackend backend) =>
        new(backend, NullLogger.Instance) { Liveness = OwnerLiveness.ForThisMachine(TimeSpan.FromMinutes(10)) };

    private static bool[] Race(int count, Func<bool> finish)
    {
        using var start = new Barrier(count);
        var threads = Enumerable.Range(0, count).Select(_ => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                return finish();
            },
            TaskCreationOptions.LongRunning)).ToArray();
        return Task.WhenAll(threads).GetAwaiter().GetResult();
    }

    private static string Parent(ISweepStore store) =>
        store.CreateRun(Experiment, "tiny-sweep", new Dictionary<string, string> { [SweepTags.Sweep] = "true", [SweepTags.Trials] = "2" });

    private static void Trial(ITrackingBackend backend, string parent, int index, double top1, RunStatus status)
    {
        using var run = backend.StartRun(Experiment, $"tiny trial {index}", new Dictionary<string, string>
        {
            [SweepTags.ParentRunId] = parent,
            [SweepTags.Trial] = index.ToString(CultureInfo.InvariantCulture),
            [SweepTags.Overrides] = $"seed={index + 1}",
        });
        run.LogMetric("eval/knn/top1", top1, 10);
        run.LogMetric("train/epoch_loss", 1.5, 10);
        run.End(status);
    }

    private static List<(long Step, double Value)> Points(string run, string key) =>
        File.ReadAllLines(Path.Combine([run, "metrics", .. key.Split('/')]))
            .Select(l => l.Split(' '))
            .Select(p => (long.Parse(p[2], CultureInfo.InvariantCulture), double.Parse(p[1], CultureInfo.InvariantCulture)))
            .ToList();

    private IReadOnlyList<SweepTrial> Trials()
    {
        var path = work.Combine("sweep.yaml");
        if (!File.Exists(path))
        {
            work.Write("sweep.yaml", TinyExperiment.YamlStartingWith("train: {epochs: 1, batch_size: 16}") + "sweep:\n  seeds: [1, 2]\n");
        }

        return ExperimentResolver.Load(path, [], NullLogger.Instance, _ => RealPlugins.Catalog).Trials;
    }

    private (LocalFileStore Store, LocalSweepStore Sweeps) Local()
    {
        var store = new LocalFileStore(work.Combine("mlruns"));
        return (store, new LocalSweepStore(store));
    }

    private RestTrackingBackend Backend(FakeMlflowServer server) =>
        new(new MlflowRestOptions(server.Uri)
        {
            BatchInterval = TimeSpan.FromMilliseconds(50),
            Retry = new MlflowRetryPolicy(2, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(4)),
            SpoolDirectory = work.Combine("spool"),
            RequestTimeout = TimeSpan.FromSeconds(10),
        })
        { ReplayPendingSpools = false };
}
