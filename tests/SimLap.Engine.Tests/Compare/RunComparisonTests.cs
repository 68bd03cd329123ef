using SimLap.Engine.Compare;
using SimLap.Engine.Configuration;
using SimLap.Tracking;
using SimLap.Tracking.Rest;

using SimLap.Tracking.Tests;
using SimLap.Tracking.Tests.Rest;

namespace SimLap.Engine.Tests.Compare;

/// <summary><c>simlap compare</c>'s query logic: runs from a local store or a server, grouped, mean ± std.</summary>
public sealed class RunComparisonTests : IDisposable
{
    private readonly TrackingTestFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void LocalStoreGroupsRunsByParamsWithMeanStdAndCount()
    {
        var store = new LocalFileStore(folder.Combine("mlruns"));
        Log(store, "infonce", "random", [0.70, 0.74, 0.72]);
        Log(store, "triplet", "random", [0.60]);
        Log(store, "infonce", "hard", [0.80, 0.90]);
        Log(store, "infonce", "hard", [0.10], RunStatus.Failed);
        using (var noMetric = store.StartLocalRun("cmp", "no-metric"))
        {
            noMetric.LogParam("loss.type", "triplet");
            noMetric.LogParam("pairs.type", "random");
            noMetric.End(RunStatus.Finished);
        }

        var runs = RunQuery.LoadFromLocalStore(store.RootDirectory, "cmp");
        var result = RunComparison.Compare("cmp", runs, "eval/knn/top1", RunComparison.ParseBy("loss.type, pairs.type"));

        Assert.Equal(8, runs.Count);
        Assert.Equal(7, result.Runs);
        Assert.Equal(1, result.Skipped);
        Assert.Equal([["infonce", "hard"], ["infonce", "random"], ["triplet", "random"]], result.Groups.Select(g => g.Values.ToArray()));
        var hard = result.Groups[0];
        Assert.Equal(2, hard.Count);
        Assert.Equal(0.85, hard.Mean, 10);
        Assert.Equal(Math.Sqrt(0.005), hard.StdDev!.Value, 10);
        var random = result.Groups[1];
        Assert.Equal(3, random.Count);
        Assert.Equal(0.72, random.Mean, 10);
        Assert.Equal(0.02, random.StdDev!.Value, 10);
        var triplet = result.Groups[2];
        Assert.Equal(1, triplet.Count);
        Assert.Null(triplet.StdDev);
        Assert.Equal(1, triplet.WithoutMetric);
        var all = RunComparison.Compare("cmp", runs, "eval/knn/top1", ["loss.type"], finishedOnly: false);
        Assert.Equal(6, all.Groups.Single(g => g.Values[0] == "infonce").Count);
    }

    [Fact]
    public void LocalStoreUnknownExperimentIsAConfigurationError()
    {
        var store = new LocalFileStore(folder.Combine("mlruns"));

        var e = Assert.Throws<ConfigurationException>(() => RunQuery.LoadFromLocalStore(store.RootDirectory, "nope"));

        Assert.Contains("nope", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerRunsAreSearchedWithPaging()
    {
        var t = GoldenTranscript.Load("05-search-runs.json");
        var byName = GoldenTranscript.Load("01-experiment-lifecycle.json")["get-by-name (now exists)"];
        byName["request"]!["path"] = "/api/2.0/mlflow/experiments/get-by-name?experiment_name=golden-05";
        byName["response"]!["body"]!["experiment"]!["experiment_id"] = "24";
        var page1 = t["pagination: max_results=1 (page 1)"];
        var page2 = t["pagination: max_results=1 with page_token (page 2)"];
        var page3 = t["pagination: max_results=1 with page_token (page 3)"];
        foreach (var page in new[] { page1, page2, page3 })
        {
            page["request"]!["body"]!.AsObject().Remove("order_by");
            page["request"]!["body"]!["max_results"] = MlflowRestClient.SearchPageSize;
        }

        using var server = new ReplayServer(byName, page1, page2, page3);
        using var client = new MlflowRestClient(new MlflowRestOptions(server.Uri) { Retry = new MlflowRetryPolicy(1, TimeSpan.Zero, TimeSpan.Zero) });

        var runs = await RunQuery.LoadFromServerAsync(client, "golden-05");
        var result = RunComparison.Compare("golden-05", runs, "acc", ["model"], finishedOnly: false);

        server.AssertAllServed();
        Assert.Equal(["run-b", "run-a", "run-c"], runs.Select(r => r.RunName));
        Assert.Equal(["svm", "rf"], result.Groups.Select(g => g.Values[0]));
        Assert.Equal(0.55, result.Groups[1].Mean, 10);
        Assert.Equal(2, result.Groups[1].Count);
    }

    [Fact]
    public void ASweepsParentRunIsNotComparedAsATrial()
    {
        var store = new LocalFileStore(folder.Combine("mlruns"));
        string parentId;
        using (var parent = store.StartLocalRun("cmp", "sweep"))
        {
            parentId = parent.RunId;
            parent.End(RunStatus.Finished);
        }

        foreach (var value in new[] { 0.6, 0.8 })
        {
            using var trial = store.StartLocalRun("cmp", "trial");
            trial.SetTag("mlflow.parentRunId", parentId);
            trial.LogParam("loss.type", "infonce");
            trial.LogMetric("eval/knn/top1", value, 0);
            trial.End(RunStatus.Finished);
        }

        var result = RunComparison.Compare("cmp", RunQuery.LoadFromLocalStore(store.RootDirectory, "cmp"), "eval/knn/top1", ["loss.type"]);

        Assert.Equal((2, 0), (result.Runs, result.Skipped));
        var group = Assert.Single(result.Groups);
        Assert.Equal(["infonce"], group.Values);
        Assert.Equal((2, 0.7), (group.Count, Math.Round(group.Mean, 10)));
    }

    private static void Log(LocalFileStore store, string loss, string pairs, double[] values, RunStatus status = RunStatus.Finished)
    {
        foreach (var value in values)
        {
            using var run = store.StartLocalRun("cmp", $"{loss}-{pairs}");
            run.LogParam("loss.type", loss);
            run.LogParam("pairs.type", pairs);
            run.LogMetric("eval/knn/top1", value - 0.5, 0);
            run.LogMetric("eval/knn/top1", value, 1);
            run.End(status);
        }
    }
}
