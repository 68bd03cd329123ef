using System.Net;
using System.Text;
using SimLap.Tracking.Rest;

namespace SimLap.Tracking.Tests.Rest;

/// <summary>The REST client against transcripts recorded from a real MLflow 3.11 server, replayed on 127.0.0.1.</summary>
public sealed class MlflowRestClientGoldenTests
{
    private const string Experiment01 = "golden-01-experiment-lifecycle-20261128122927";

    [Fact]
    public async Task ExperimentLifecycleSendsTheRecordedRequestsAndParsesEachAnswer()
    {
        var t = GoldenTranscript.Load("01-experiment-lifecycle.json");
        using var server = new ReplayServer(t.Take(
            "get-by-name for an experiment that does not exist yet",
            "create experiment with a tag",
            "create again with the same name",
            "get-by-name (now exists)",
            "get by id",
            "get by id for an id that does not exist",
            "experiments/search with an exact name filter (POST)",
            "experiments/search with LIKE + tag filter and order_by",
            "experiments/search with no match"));
        using var client = Client(server);

        Assert.Null(await client.GetExperimentByNameAsync(Experiment01));
        var id = await client.CreateExperimentAsync(Experiment01, [new MlflowKeyValue("team", "csharp-client")]);
        Assert.Equal("20", id);
        var duplicate = await Assert.ThrowsAsync<MlflowApiException>(() => client.CreateExperimentAsync(Experiment01));
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.Equal("RESOURCE_ALREADY_EXISTS", duplicate.ErrorCode);
        Assert.False(duplicate.IsTransient);
        var byName = await client.GetExperimentByNameAsync(Experiment01);
        Assert.NotNull(byName);
        Assert.Equal("20", byName.ExperimentId);
        Assert.Equal("mlflow-artifacts:/20", byName.ArtifactLocation);
        Assert.Equal("active", byName.LifecycleStage);
        Assert.Equal(new MlflowKeyValue("team", "csharp-client"), Assert.Single(byName.Tags));
        Assert.Equal(Experiment01, (await client.GetExperimentAsync("20")).Name);
        var missing = await Assert.ThrowsAsync<MlflowApiException>(() => client.GetExperimentAsync("987654321"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", missing.ErrorCode);
        var found = await client.SearchExperimentsAsync($"name = '{Experiment01}'", 10);
        Assert.Equal("20", Assert.Single(found.Items).ExperimentId);
        Assert.Null(found.NextPageToken);
        var ordered = await client.SearchExperimentsAsync("name LIKE 'golden-01-%-20261128122927' AND tags.team = 'csharp-client'", 10, ["creation_time DESC"]);
        Assert.Single(ordered.Items);
        var none = await client.SearchExperimentsAsync("name = 'golden-no-such-experiment-xyz'", 10);
        Assert.Empty(none.Items);
        Assert.Null(none.NextPageToken);
        server.AssertAllServed();
    }

    [Fact]
    public async Task GetOrCreateExperimentWhenAnotherClientCreatesItFirstReadsItAgain()
    {
        // The race: get-by-name says missing, create says RESOURCE_ALREADY_EXISTS, get-by-name finds it.
        var t = GoldenTranscript.Load("01-experiment-lifecycle.json");
        using var server = new ReplayServer(t.Take(
            "get-by-name for an experiment that does not exist yet", "create again with the same name", "get-by-name (now exists)"));
        using var client = Client(server);

        Assert.Equal("20", await client.GetOrCreateExperimentAsync(Experiment01));
        server.AssertAllServed();
    }

    [Fact]
    public async Task RunLifecycleCreateLogUpdateGetMatchesTheRecording()
    {
        var t = GoldenTranscript.Load("02-run-lifecycle.json");
        using var server = new ReplayServer(t.Take(
            "create the scenario's experiment",
            "runs/create with run_name, start_time and tags",
            "log-batch: 3 metric points (steps 0..2), 2 params, 1 tag",
            "runs/get while RUNNING",
            "runs/update to FINISHED with end_time",
            "runs/create without run_name or tags (server generates a name)",
            "runs/create with the (deprecated) user_id field as well as the mlflow.user tag",
            "runs/get for a run id that does not exist"));
        using var client = Client(server);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var experimentId = await client.CreateExperimentAsync("golden-02-run-lifecycle-20261128122927");
        var run = await client.CreateRunAsync(experimentId, "golden-run", now,
        [
            new("mlflow.source.name", "GoldenTests.cs"), new("mlflow.source.type", "LOCAL"), new("mlflow.user", "csharp-dev"), new("team", "csharp-client"),
        ]);
        Assert.Equal("RUNNING", run.Info.Status);
        Assert.Equal("mlflow-artifacts:/21/" + run.Info.RunId + "/artifacts", run.Info.ArtifactUri);
        Assert.Contains(new MlflowKeyValue("mlflow.runName", "golden-run"), run.Data.Tags);
        Assert.Empty(run.Data.Metrics);
        await client.LogBatchAsync(
            run.Info.RunId,
            [new() { Key = "loss", Value = 0.9, Timestamp = now, Step = 0 }, new() { Key = "loss", Value = 0.5, Timestamp = now, Step = 1 }, new() { Key = "loss", Value = 0.25, Timestamp = now, Step = 2 }],
            [new("learning_rate", "0.01"), new("batch_size", "32")],
            [new("stage", "training")]);
        var running = await client.GetRunAsync(run.Info.RunId);
        Assert.Equal(0.25, Assert.Single(running.Data.Metrics).Value);
        Assert.Equal(2, running.Data.Params.Count);
        Assert.Null(running.Info.EndTime);
        var finished = await client.UpdateRunAsync(run.Info.RunId, "FINISHED", now + 5000);
        Assert.Equal("FINISHED", finished.Status);
        Assert.NotNull(finished.EndTime);
        var unnamed = await client.CreateRunAsync(experimentId, null, now);
        Assert.False(string.IsNullOrEmpty(unnamed.Info.RunName));
        var withUser = await client.CreateRunAsync(experimentId, "with-user-id", now, [new("mlflow.user", "csharp-dev")], "csharp-dev");
        Assert.Equal("csharp-dev", withUser.Info.UserId);
        var missing = await Assert.ThrowsAsync<MlflowApiException>(() => client.GetRunAsync("0123456789abcdef0123456789abcdef"));
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", missing.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        server.AssertAllServed();
    }

    [Fact]
    public async Task LogBatchAtTheLimitsAndNonFiniteValuesAreSentAsRecorded()
    {
        var t = GoldenTranscript.Load("03-log-batch-limits.json");
        using var server = new ReplayServer(t.Take(
            "exactly 1000 metrics in one batch (at the limit)",
            "exactly 100 params in one batch (at the limit)",
            "metric values as JSON strings \"NaN\" / \"Infinity\" / \"-Infinity\" (what the Python client sends)",
            "read back the NaN metric",
            "read back the +Infinity metric",
            "log-batch for a run id that does not exist"));
        using var client = Client(server);
        const string run = "f8e8294431564088bb08f9db3fd65af8";
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        await client.LogBatchAsync(run, Enumerable.Range(0, 1000).Select(i => new MlflowMetric { Key = "bulk", Value = i, Timestamp = now, Step = i }).ToList(), null, null);
        await client.LogBatchAsync(run, null, Enumerable.Range(0, 100).Select(i => new MlflowKeyValue($"p{i}", $"{i}")).ToList(), null);
        await client.LogBatchAsync(run, [
            new() { Key = "nan_metric", Value = double.NaN, Timestamp = now },
            new() { Key = "pos_inf_metric", Value = double.PositiveInfinity, Timestamp = now },
            new() { Key = "neg_inf_metric", Value = double.NegativeInfinity, Timestamp = now },
        ], null, null);
        Assert.True(double.IsNaN(Assert.Single(await client.GetMetricHistoryAsync(run, "nan_metric", 10)).Value));
        Assert.Equal(double.MaxValue, Assert.Single(await client.GetMetricHistoryAsync(run, "pos_inf_metric", 10)).Value);
        var unknown = await Assert.ThrowsAsync<MlflowApiException>(() => client.LogBatchAsync("0123456789abcdef0123456789abcdef", null, [new("a", "b")], null));
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", unknown.ErrorCode);
        server.AssertAllServed();
    }

    [Fact]
    public void SplitBatchKeepsEveryRequestWithinTheServerLimits()
    {
        var metrics = Enumerable.Range(0, 2500).Select(i => new MlflowMetric { Key = "m", Value = i, Step = i }).ToList();
        var parameters = Enumerable.Range(0, 150).Select(i => new MlflowKeyValue($"p{i}", "v")).ToList();
        var tags = Enumerable.Range(0, 101).Select(i => new MlflowKeyValue($"t{i}", "v")).ToList();

        var chunks = MlflowRestClient.SplitBatch(metrics, parameters, tags).ToList();

        Assert.All(chunks, c =>
        {
            Assert.InRange(c.Metrics.Count, 0, MlflowRestClient.MaxMetricsPerBatch);
            Assert.InRange(c.Params.Count, 0, MlflowRestClient.MaxParamsPerBatch);
            Assert.InRange(c.Tags.Count, 0, MlflowRestClient.MaxTagsPerBatch);
            Assert.InRange(c.Metrics.Count + c.Params.Count + c.Tags.Count, 1, MlflowRestClient.MaxEntitiesPerBatch);
        });
        Assert.Equal(metrics, chunks.SelectMany(c => c.Metrics));
        Assert.Equal(parameters, chunks.SelectMany(c => c.Params));
        Assert.Equal(tags, chunks.SelectMany(c => c.Tags));
        Assert.Empty(MlflowRestClient.SplitBatch([], [], []));
    }

    [Fact]
    public async Task MetricHistoryAlwaysSendsMaxResultsAndFollowsPagesToTheEnd()
    {
        var t = GoldenTranscript.Load("04-metric-history.json");
        using var server = new ReplayServer(t.Take(
            "get-history max_results=2 (page 1)",
            "get-history max_results=2 with page_token (page 2)",
            "get-history max_results=2 with page_token (page 3)",
            "get-history max_results=25000"));
        using var client = Client(server);
        const string run = "e50bc5b03b5846a4bf1205296ee16766";

        var paged = await client.GetMetricHistoryAsync(run, "loss", pageSize: 2);
        var whole = await client.GetMetricHistoryAsync(run, "loss");

        Assert.Equal([0L, 1, 2, 3, 4], paged.Select(p => p.Step));
        Assert.Equal([1.0, 0.5, 0.3333, 0.25, 0.2], paged.Select(p => p.Value));
        Assert.Equal(paged, whole);
        server.AssertAllServed();
    }

    [Fact]
    public async Task MetricHistoryTheServersEndlessTokenAnswerEndsAfterOneRequest()
    {
        // Without max_results the server answers no points and a token for offset 0; a client following it loops
        // forever. Here that answer comes back to a request with max_results: the client must stop, not loop.
        var t = GoldenTranscript.Load("04-metric-history.json");
        var request = t["get-history max_results=25000"];
        using var server = new ReplayServer(
            GoldenTranscript.Combine(request, t["get-history without max_results"]),
            GoldenTranscript.Combine(request, t["get-history for a metric key that was never logged"]));
        using var client = Client(server);

        Assert.Empty(await client.GetMetricHistoryAsync("e50bc5b03b5846a4bf1205296ee16766", "loss"));
        Assert.Empty(await client.GetMetricHistoryAsync("e50bc5b03b5846a4bf1205296ee16766", "loss"));
        server.AssertAllServed();
    }

    [Fact]
    public async Task SearchRunsPagesEmptyAnswersAndErrors()
    {
        var t = GoldenTranscript.Load("05-search-runs.json");
        using var server = new ReplayServer(t.Take(
            "filter metrics.acc > 0.5, order_by metrics.acc DESC",
            "filter with no match (empty result)",
            "pagination: max_results=1 (page 1)",
            "pagination: max_results=1 with page_token (page 2)",
            "pagination: max_results=1 with page_token (page 3)",
            "malformed filter",
            "run_view_type ALL"));
        using var client = Client(server);

        var good = await client.SearchRunsAsync(["24"], "metrics.acc > 0.5", ["metrics.acc DESC"]);
        Assert.Equal(["run-b", "run-a"], good.Items.Select(r => r.Info.RunName));
        Assert.Equal(0.9, good.Items[0].Data.Metrics.Single(m => m.Key == "acc").Value);
        Assert.Equal(new MlflowKeyValue("model", "svm"), Assert.Single(good.Items[0].Data.Params));
        var empty = await client.SearchRunsAsync(["24"], "params.model = 'xgboost'");
        Assert.Empty(empty.Items);
        Assert.Null(empty.NextPageToken);
        var all = await client.SearchAllRunsAsync(["24"], null, ["metrics.acc DESC"], pageSize: 1);
        Assert.Equal(["run-b", "run-a", "run-c"], all.Select(r => r.Info.RunName));
        var bad = await Assert.ThrowsAsync<MlflowApiException>(() => client.SearchRunsAsync(["24"], "metrics.acc >> 1"));
        Assert.Equal("INVALID_PARAMETER_VALUE", bad.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var deleted = await client.SearchRunsAsync(["24"], "metrics.acc > 0.8", null, 1, null, "ALL");
        Assert.Single(deleted.Items);
        server.AssertAllServed();
    }

    [Fact]
    public async Task NestedRunsChildrenAreFoundByTheParentTag()
    {
        var t = GoldenTranscript.Load("06-nested-runs.json");
        using var server = new ReplayServer(t.Take("search children: filter tags.mlflow.parentRunId = '<parent id>'"));
        using var client = Client(server);

        var children = await client.SearchRunsAsync(["25"], "tags.mlflow.parentRunId = '230a4e2648514623a774b9237a542e31'", ["attributes.start_time ASC"]);

        Assert.Equal(["child-1", "child-2"], children.Items.Select(r => r.Info.RunName));
        Assert.All(children.Items, c => Assert.Contains(new MlflowKeyValue("mlflow.parentRunId", "230a4e2648514623a774b9237a542e31"), c.Data.Tags));
        server.AssertAllServed();
    }

    [Fact]
    public async Task ArtifactsUploadListDownloadThroughTheProxy()
    {
        var t = GoldenTranscript.Load("07-artifacts-proxy.json");
        using var server = new ReplayServer(t.Take(
            "upload a small text file",
            "upload a 300-byte binary file into a subdirectory",
            "upload a JSON file (Content-Type application/json; body stored verbatim)",
            "list the run's artifact root via the proxy",
            "list a subdirectory via the proxy",
            "list a directory that does not exist",
            "download the text file",
            "download the binary file",
            "download a file that does not exist"));
        using var client = Client(server);
        const string root = "mlflow-artifacts:/26/56634ec1ba674a99bf124b8e83b4a874/artifacts";
        var png = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        png[0..8].AsSpan().CopyTo(png);
        var recordedPng = Convert.FromBase64String((string)t["upload a 300-byte binary file into a subdirectory"]["request"]!["body"]!["raw_base64"]!);

        await client.UploadArtifactAsync(root, "notes.txt", Encoding.UTF8.GetBytes("hello from the C# client\nline 2\n"));
        await client.UploadArtifactAsync(root, "images/plot.png", recordedPng);
        await client.UploadArtifactAsync(root, "data/metrics.json", Encoding.UTF8.GetBytes("{\"a\": 1}"));
        var listing = await client.ListArtifactsAsync(root);
        Assert.Equal(["data", "images", "no-content-type.bin", "notes.txt"], listing.Select(f => f.Path));
        Assert.True(listing[0].IsDir);
        Assert.Equal(32, listing[3].FileSize);
        Assert.Equal(300, Assert.Single(await client.ListArtifactsAsync(root, "images")).FileSize);
        Assert.Empty(await client.ListArtifactsAsync(root, "does-not-exist"));
        Assert.Equal("hello from the C# client\nline 2\n", Encoding.UTF8.GetString(await client.DownloadArtifactAsync(root, "notes.txt")));
        Assert.Equal(recordedPng, await client.DownloadArtifactAsync(root, "images/plot.png"));
        var missing = await Assert.ThrowsAsync<MlflowApiException>(() => client.DownloadArtifactAsync(root, "missing.txt"));
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", missing.ErrorCode);
        server.AssertAllServed();
    }

    [Theory]
    [InlineData("/srv/mlruns/1/abc/artifacts")]
    [InlineData("s3://bucket/1/abc/artifacts")]
    public void ArtifactProxyPathWithoutTheProxySaysSoClearly(string artifactUri)
    {
        var e = Assert.Throws<NotSupportedException>(() => MlflowRestClient.ArtifactProxyPath(artifactUri));
        Assert.Contains("does not proxy artifacts", e.Message, StringComparison.Ordinal);
        Assert.Equal("26/run/artifacts", MlflowRestClient.ArtifactProxyPath("mlflow-artifacts:/26/run/artifacts"));
        Assert.Equal("26/run/artifacts", MlflowRestClient.ArtifactProxyPath("mlflow-artifacts://proxy:5000/26/run/artifacts"));
    }

    [Fact]
    public async Task RunStatesFailedKilledAndDeletedRunViews()
    {
        var t = GoldenTranscript.Load("08-run-states-delete-restore.json");
        using var server = new ReplayServer(t.Take("update to FAILED", "update to KILLED", "runs/search DELETED_ONLY"));
        using var client = Client(server);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        Assert.Equal("FAILED", (await client.UpdateRunAsync("89d95aa2cf194de8bc1d2281610a7d53", "FAILED", now)).Status);
        Assert.Equal("KILLED", (await client.UpdateRunAsync("f85b678f1a2e46bd8d6291df37524a16", "KILLED", now)).Status);
        var deleted = await client.SearchRunsAsync(["27"], runViewType: "DELETED_ONLY");
        Assert.Equal("deleted", Assert.Single(deleted.Items).Info.LifecycleStage);
        server.AssertAllServed();
    }

    [Fact]
    public async Task HtmlErrors404And405AreClearAndNotRetried()
    {
        var runs = GoldenTranscript.Load("02-run-lifecycle.json");
        var bad = GoldenTranscript.Load("09-bad-requests.json");
        var get = runs["runs/get for a run id that does not exist"];
        using var server = new ReplayServer(
            GoldenTranscript.Combine(get, bad["unknown endpoint (GET)"]),
            GoldenTranscript.Combine(get, bad["POST on a GET-only endpoint"]));
        using var client = Client(server, attempts: 3);

        var notFound = await Assert.ThrowsAsync<MlflowApiException>(() => client.GetRunAsync("0123456789abcdef0123456789abcdef"));
        var notAllowed = await Assert.ThrowsAsync<MlflowApiException>(() => client.GetRunAsync("0123456789abcdef0123456789abcdef"));

        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Null(notFound.ErrorCode);
        Assert.Contains("MLflow tracking server", notFound.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, notAllowed.StatusCode);
        Assert.Contains("GET, HEAD, OPTIONS", notAllowed.Message, StringComparison.Ordinal);
        Assert.Equal(2, server.Served);
        server.AssertAllServed();
    }

    [Fact]
    public async Task PostBodiesCarryExactlyApplicationJson()
    {
        // 09 shows a POST without Content-Type (or text/plain) is rejected; the replay server checks every POST's
        // Content-Type against the recording, here with a recorded error answer parsed into error_code.
        var t = GoldenTranscript.Load("09-bad-requests.json");
        using var server = new ReplayServer(t.Take("runs/create with an experiment_id that does not exist"));
        using var client = Client(server);

        var e = await Assert.ThrowsAsync<MlflowApiException>(() => client.CreateRunAsync("999999999", null, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));

        Assert.Equal("RESOURCE_DOES_NOT_EXIST", e.ErrorCode);
        server.AssertAllServed();
    }

    [Fact]
    public async Task ReplayServerNoticesARequestThatDiffersFromTheRecording()
    {
        // The harness itself: a create without the recorded tag must be reported.
        var t = GoldenTranscript.Load("01-experiment-lifecycle.json");
        using var server = new ReplayServer(t.Take("create experiment with a tag"));
        using var client = Client(server);

        await client.CreateExperimentAsync(Experiment01);

        Assert.ThrowsAny<Xunit.Sdk.XunitException>(server.AssertAllServed);
    }

    private static MlflowRestClient Client(ReplayServer server, int attempts = 1) =>
        new(new MlflowRestOptions(server.Uri) { Retry = new MlflowRetryPolicy(attempts, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5)) });
}
