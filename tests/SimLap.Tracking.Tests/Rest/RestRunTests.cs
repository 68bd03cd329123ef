using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using SimLap.Engine.Tests.TestSupport;
using SimLap.Tracking;
using SimLap.Tracking.Rest;

namespace SimLap.Tracking.Tests.Rest;

/// <summary>The REST backend and its runs against a fake MLflow server: batching, retries, faults, the spool and sync.</summary>
public sealed class RestRunTests : IDisposable
{
    private const string Token = "s3cr3t-token-do-not-leak";
    private readonly TrackingTestFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void ANewExperimentOpensInTheModelTrainingViewAndMetricsKeepTheTimeGiven()
    {
        using var server = new FakeMlflowServer();
        using var backend = Backend(server);
        var ran = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123);

        var run = backend.StartRestRun("kind-exp", "run-1");
        run.LogMetric("train/loss", 0.5, 3, ran);
        run.End(RunStatus.Finished);

        var create = JsonNode.Parse(server.Requests.Single(r => r.Path.EndsWith("experiments/create", StringComparison.Ordinal)).Body)!;
        var tag = Assert.Single(create["tags"]!.AsArray());
        Assert.Equal("mlflow.experimentKind", (string?)tag!["key"]);
        Assert.Equal("custom_model_development", (string?)tag["value"]);
        Assert.Equal(1_700_000_000_123, Assert.Single(server.Points, p => p.Key == "train/loss").Timestamp);
    }

    [Fact]
    public void RunSendsSystemTagsBatchesWithinLimitsUploadsArtifactsAndEnds()
    {
        using var server = new FakeMlflowServer();
        using var backend = Backend(server);
        File.WriteAllText(folder.Combine("resolved.yaml"), "name: x\n");

        var run = backend.StartRestRun("exp", "run-1", new Dictionary<string, string> { ["team"] = "vision", ["mlflow.source.git.commit"] = "abc123" });
        for (var i = 0; i < 2500; i++)
        {
            run.LogMetric("train/loss", 1.0 / (i + 1), i);
        }

        for (var i = 0; i < 150; i++)
        {
            run.LogParam($"p{i}", "v");
        }

        run.SetTag("bad key!", "sanitised");
        run.LogArtifact(folder.Combine("resolved.yaml"), "config");
        run.End(RunStatus.Finished);

        var stored = Assert.Single(server.Runs.Values);
        Assert.Equal(run.RunId, stored.RunId);
        Assert.Equal("run-1", stored.Tags["mlflow.runName"]);
        Assert.Equal("LOCAL", stored.Tags["mlflow.source.type"]);
        Assert.False(string.IsNullOrEmpty(stored.Tags["mlflow.user"]));
        Assert.False(string.IsNullOrEmpty(stored.Tags["mlflow.source.name"]));
        Assert.Equal("abc123", stored.Tags["mlflow.source.git.commit"]);
        Assert.Equal("vision", stored.Tags["team"]);
        Assert.Equal("sanitised", stored.Tags["bad key_"]);
        Assert.Equal(150, stored.Params.Count);
        Assert.Equal(2500, server.Points.Count);
        Assert.Equal(Enumerable.Range(0, 2500).Select(i => (long)i), server.Points.Select(p => p.Step).Order());
        Assert.Equal("FINISHED", stored.Status);
        Assert.NotNull(stored.EndTime);
        Assert.Equal("name: x\n", Encoding.UTF8.GetString(stored.Artifacts["config/resolved.yaml"]));
        foreach (var request in server.Requests.Where(r => r.Path.EndsWith("log-batch", StringComparison.Ordinal)))
        {
            var body = JsonNode.Parse(request.Body)!;
            var (m, p, t) = (body["metrics"]?.AsArray().Count ?? 0, body["params"]?.AsArray().Count ?? 0, body["tags"]?.AsArray().Count ?? 0);
            Assert.InRange(m, 0, 1000);
            Assert.InRange(p, 0, 100);
            Assert.InRange(t, 0, 100);
            Assert.InRange(m + p + t, 1, 1000);
        }

        Assert.Null(run.SpoolDirectory);
        Assert.Contains(run.Warnings, w => w.Contains("bad key!", StringComparison.Ordinal));
    }

    [Fact]
    public void ResumeRunReopensTheSameRunOnTheServerAndAnUnknownRunIsNull()
    {
        using var server = new FakeMlflowServer();
        using var backend = Backend(server);
        var first = backend.StartRestRun("exp", "run-1");
        first.LogMetric("train/loss", 2.0, 0);
        first.End(RunStatus.Killed);
        Assert.Equal("KILLED", Assert.Single(server.Runs.Values).Status);

        var resumed = backend.ResumeRun(first.RunId);

        Assert.NotNull(resumed);
        Assert.Equal(first.RunId, resumed!.RunId);
        Assert.Equal("RUNNING", Assert.Single(server.Runs.Values).Status);
        resumed.LogMetric("train/loss", 1.0, 1);
        resumed.End(RunStatus.Finished);
        var stored = Assert.Single(server.Runs.Values);
        Assert.Equal("FINISHED", stored.Status);
        Assert.Equal([0L, 1L], server.Points.Where(p => p.RunId == first.RunId).Select(p => p.Step).Order());
        Assert.Null(backend.ResumeRun("0123456789abcdef0123456789abcdef"));
    }

    [Fact]
    public void Server503ThenOkIsRetriedAndEveryPointArrivesOnce()
    {
        using var server = new FakeMlflowServer();
        var failures = 0;
        server.Fault = (_, path) => path.EndsWith("log-batch", StringComparison.Ordinal) && Interlocked.Increment(ref failures) == 1 ? 503 : null;
        using var backend = Backend(server);

        var run = backend.StartRestRun("exp", "retry", null);
        for (var i = 0; i < 10; i++)
        {
            run.LogMetric("m", i, i);
        }

        run.Flush();

        Assert.Equal(10, server.Points.Count);
        Assert.Equal(10, server.Points.Select(p => p.Step).Distinct().Count());
        Assert.Equal(2, server.Count("runs/log-batch"));
        run.End(RunStatus.Finished);
        Assert.Null(run.SpoolDirectory);
        Assert.Empty(run.Errors);
    }

    [Fact]
    public void MetricsLoggedInQuickSuccessionGoInAFewLogBatchRequestsEachPointOnce()
    {
        using var server = new FakeMlflowServer();
        using var backend = Backend(server, batchInterval: TimeSpan.FromSeconds(1));
        var run = backend.StartRestRun("exp", "many-small", null);

        // 30 training steps of 10 metrics each, a little apart, as a training loop logs them.
        for (var step = 0; step < 30; step++)
        {
            for (var k = 0; k < 10; k++)
            {
                run.LogMetric($"train/m{k}", (step * 10) + k, step);
            }

            Thread.Sleep(1);
        }

        run.Flush();

        Assert.InRange(server.Count("runs/log-batch"), 1, 3);
        Assert.Equal(300, server.Points.Count);
        Assert.Equal(300, server.Points.Select(p => (p.Key, p.Step)).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 300).Select(i => (double)i), server.Points.Select(p => p.Value).Order());
        run.End(RunStatus.Finished);
        Assert.Equal(300, server.Points.Count);
        Assert.Empty(run.Errors);
    }

    [Fact]
    public void FlushArtifactsAndEndDoNotWaitForTheBatchIntervalAndKeepTheOrder()
    {
        using var server = new FakeMlflowServer();
        using var backend = Backend(server, batchInterval: TimeSpan.FromSeconds(30));
        File.WriteAllText(folder.Combine("model.txt"), "weights");
        var run = backend.StartRestRun("exp", "urgent", null);
        run.Flush(); // the writer is running and idle

        // Each urgent operation comes while the writer lingers over a metric logged a moment before.
        run.LogMetric("m", 0, 0);
        Thread.Sleep(100);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        run.Flush();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"Flush took {clock.Elapsed}");
        Assert.Single(server.Points);

        run.LogMetric("m", 1, 1);
        Thread.Sleep(100);
        run.LogArtifact(folder.Combine("model.txt"));
        Assert.True(SpinWait.SpinUntil(() => server.Count("model.txt") == 1, TimeSpan.FromSeconds(5)), "the artifact waited for the batch interval");
        Assert.Equal(2, server.Points.Count); // the metric logged before the artifact went first

        run.LogMetric("m", 2, 2);
        Thread.Sleep(100);
        clock.Restart();
        run.End(RunStatus.Finished);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"End took {clock.Elapsed}");
        Assert.Equal([0L, 1L, 2L], server.Points.Select(p => p.Step));
        Assert.Equal("FINISHED", server.Runs[run.RunId].Status);
        Assert.Equal(3, server.Count("runs/log-batch"));
    }

    [Fact]
    public void BatchIntervalIsOneSecondByDefaultAndCanComeFromTheEnvironment()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), new MlflowRestOptions("http://127.0.0.1:1").BatchInterval);
        var environment = new Dictionary<string, string?> { [MlflowRestOptions.BatchIntervalVariable] = "250" };

        var options = MlflowRestOptions.FromEnvironment("http://127.0.0.1:1", v => environment.GetValueOrDefault(v));

        Assert.Equal(TimeSpan.FromMilliseconds(250), options.BatchInterval);
    }

    [Fact]
    public void ClientErrorsAreNotRetriedAndTheRejectedRecordsAreSpooledNotDropped()
    {
        using var server = new FakeMlflowServer();
        server.Fault = (_, path) => path.EndsWith("log-batch", StringComparison.Ordinal) ? 400 : null;
        var logger = new RecordingLogger();
        using var backend = Backend(server, logger: logger);

        var run = backend.StartRestRun("exp", "rejected", null);
        run.LogMetric("m", 1, 0);
        run.Flush();
        run.LogMetric("m", 2, 1);
        run.Flush();
        run.End(RunStatus.Finished);

        // The first try, then one replay per probe (the probe interval is 0 here): at the second delivery, at the
        // end and at the last replay; plus the tag that names the spool. Never retried in a loop.
        Assert.Equal(5, server.Count("runs/log-batch"));
        Assert.Equal("FINISHED", server.Runs[run.RunId].Status);
        Assert.Contains("INVALID_PARAMETER_VALUE", Assert.Single(run.Errors), StringComparison.Ordinal);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("spooled", StringComparison.Ordinal));
        Assert.NotNull(run.SpoolDirectory);
        var spooled = RunSpool.Open(run.SpoolDirectory!).ReadRecords();
        Assert.Equal([1.0, 2.0], spooled.SelectMany(r => r.Metrics ?? []).Select(m => m.Value));
        Assert.Equal(0, run.LostRecords);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(500)]
    [InlineData(429)]
    [InlineData(200)] // 200 with an answer that is not JSON
    public void AServerThatFailsMidRunLosesNothingAndTheRunGoesLiveAgainByItself(int status)
    {
        using var server = new FakeMlflowServer();
        using var backend = Backend(server, attempts: 1);
        var run = backend.StartRestRun("exp", "outage", null);
        for (var i = 0; i < 10; i++)
        {
            run.LogMetric("train/loss", i, i);
        }

        run.Flush();
        server.Fault = (_, path) => path.EndsWith("log-batch", StringComparison.Ordinal) ? status : null;
        server.Garbage = status == 200;
        for (var i = 10; i < 20; i++)
        {
            run.LogMetric("train/loss", i, i);
        }

        run.Flush();
        Assert.True(run.IsOffline);
        server.Fault = null;
        server.Garbage = false;

        // The probe runs on the next delivery (ProbeInterval is 0 here; 15 s by default).
        var deadline = Stopwatch.StartNew();
        for (var i = 20; i < 30 && deadline.Elapsed < TimeSpan.FromSeconds(20); i++)
        {
            run.LogMetric("train/loss", i, i);
            run.Flush();
        }

        run.End(RunStatus.Finished);

        Assert.False(run.IsOffline);
        Assert.Equal(Enumerable.Range(0, 30).Select(i => (long)i), server.Points.Select(p => p.Step).Order());
        Assert.Equal("FINISHED", server.Runs[run.RunId].Status);
        Assert.False(Directory.Exists(run.SpoolDirectory!), "a spool delivered live is removed");
    }

    [Fact]
    public void AHangingThenASlowServerLosesNothingAndStoresNothingTwice()
    {
        using var server = new FakeMlflowServer();
        using var backend = new RestTrackingBackend(Options(server, 2, requestTimeout: TimeSpan.FromMilliseconds(300))) { ReplayPendingSpools = false };
        var run = backend.StartRestRun("exp", "hang", null);
        server.Hang = (_, path) => path.EndsWith("log-batch", StringComparison.Ordinal);
        for (var i = 0; i < 10; i++)
        {
            run.LogMetric("train/loss", i, i);
        }

        run.Flush();
        Assert.True(run.IsOffline);
        server.Hang = null;
        server.AnswerDelay = TimeSpan.FromMilliseconds(50);
        for (var i = 10; i < 20; i++)
        {
            run.LogMetric("train/loss", i, i);
            run.Flush();
        }

        run.End(RunStatus.Finished);

        Assert.False(run.IsOffline);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), server.Points.Select(p => p.Step).Order());
        Assert.Equal("FINISHED", server.Runs[run.RunId].Status);
    }

    [Fact]
    public async Task SyncKilledAfterABatchWasStoredButBeforeItsCursorMovedResendsNoPoint()
    {
        using var server = new FakeMlflowServer();
        using var backend = Backend(server, attempts: 1);
        var run = backend.StartRestRun("exp", "in-flight", null);
        server.Stop();
        for (var i = 0; i < 1500; i++)
        {
            run.LogMetric("train/loss", i, i);
        }

        run.End(RunStatus.Finished);
        server.Start();
        var spool = RunSpool.Open(run.SpoolDirectory!);
        var records = spool.ReadRecords();
        using var client = Client(server, attempts: 1);

        // What a kill -9 between the server's answer and the cursor's update leaves: the first batch stored, the
        // cursor naming it in flight.
        await client.LogBatchAsync(run.RunId, records[0].Metrics, null, null);
        spool.WriteCursor(spool.ReadCursor() with { InFlight = records[0].Seq });

        var result = Assert.Single(SpoolReplayer.ReplayAll(folder.Combine("spool"), _ => client));

        Assert.True(result.Done, string.Join("; ", result.Problems));
        Assert.Equal(Enumerable.Range(0, 1500).Select(i => (long)i), server.Points.Select(p => p.Step).Order());
        Assert.Equal("FINISHED", server.Runs[run.RunId].Status);
    }

    [Fact]
    public void AResumedRunSkipsTheStepsTheServerAlreadyHas()
    {
        using var server = new FakeMlflowServer();
        using var backend = Backend(server);
        var first = backend.StartRestRun("exp", "resumed", null);
        for (var i = 0; i < 8; i++)
        {
            first.LogMetric("train/loss", i, i);
        }

        first.Flush();
        var resumed = (RestRun)backend.ResumeRun(first.RunId)!;
        Assert.Equal(1, resumed.SkipLoggedSteps());
        for (var i = 5; i < 12; i++)
        {
            resumed.LogMetric("train/loss", i, i);
        }

        resumed.End(RunStatus.Finished);

        Assert.Equal(Enumerable.Range(0, 12).Select(i => (long)i), server.Points.Select(p => p.Step).Order());
    }

    [Fact]
    public void ServerGoesAwayMidRunRunSpoolsThenSyncDeliversEveryPointExactlyOnceEvenAfterAPartialReplay()
    {
        using var server = new FakeMlflowServer();
        using var backend = Backend(server, attempts: 2);
        File.WriteAllText(folder.Combine("model.txt"), "weights");

        var run = backend.StartRestRun("exp", "offline-later", null);
        for (var i = 0; i < 100; i++)
        {
            run.LogMetric("train/loss", i, i);
        }

        run.Flush();
        server.Stop();
        for (var i = 100; i < 2600; i++)
        {
            run.LogMetric("train/loss", i, i);
        }

        run.LogParam("lr", "0.1");
        run.SetTag("phase", "offline");
        run.LogArtifact(folder.Combine("model.txt"));
        run.End(RunStatus.Finished);

        Assert.NotNull(run.SpoolDirectory);
        Assert.Equal(100, server.Points.Count);
        server.Start();
        var stored = server.Runs[run.RunId];
        Assert.Equal("RUNNING", stored.Status);

        // A partial replay: one log-batch gets through, then the server fails again.
        var batches = 0;
        server.Fault = (_, path) => path.EndsWith("log-batch", StringComparison.Ordinal) && Interlocked.Increment(ref batches) > 1 ? 503 : null;
        using var client = Client(server, attempts: 1);
        var partial = Assert.Single(SpoolReplayer.ReplayAll(folder.Combine("spool"), _ => client));
        Assert.False(partial.Done);
        Assert.Equal(1, partial.Delivered);
        Assert.True(partial.Remaining > 0);

        server.Fault = null;
        var rest = Assert.Single(SpoolReplayer.ReplayAll(folder.Combine("spool"), _ => client));
        Assert.True(rest.Done, string.Join("; ", rest.Problems));
        Assert.Equal(run.RunId, rest.RunId);

        Assert.Equal(2600, server.Points.Count);
        Assert.Equal(Enumerable.Range(0, 2600).Select(i => (long)i), server.Points.Select(p => p.Step).Order());
        Assert.Equal("FINISHED", stored.Status);
        Assert.Equal("0.1", stored.Params["lr"]);
        Assert.Equal("offline", stored.Tags["phase"]);
        Assert.Equal("weights", Encoding.UTF8.GetString(stored.Artifacts["model.txt"]));
        Assert.True(File.Exists(Path.Combine(run.SpoolDirectory!, RunSpool.DoneFileName)));
        Assert.Empty(SpoolReplayer.ReplayAll(folder.Combine("spool"), _ => client));
        Assert.Equal(2600, server.Points.Count);
    }

    [Fact]
    public void ServerDownAtStartRunStillStartsAndSyncCreatesItOnce()
    {
        using var server = new FakeMlflowServer(start: false);
        using var backend = Backend(server, attempts: 1);

        var run = backend.StartRestRun("exp", "born-offline", new Dictionary<string, string> { ["team"] = "vision" });
        Assert.Matches("^[0-9a-f]{32}$", run.RunId);
        for (var i = 0; i < 5; i++)
        {
            run.LogMetric("m", i, i);
        }

        run.End(RunStatus.Killed);
        Assert.Equal(run.SpoolDirectory, run.Location);
        server.Start();
        using var client = Client(server, attempts: 1);

        var result = Assert.Single(SpoolReplayer.ReplayAll(folder.Combine("spool"), _ => client));

        Assert.True(result.Done, string.Join("; ", result.Problems));
        var created = Assert.Single(server.Runs.Values);
        Assert.Equal("born-offline", created.Name);
        Assert.Equal(run.RunId, created.Tags[SpoolReplayer.SpoolIdTag]);
        Assert.Equal("vision", created.Tags["team"]);
        Assert.Equal("KILLED", created.Status);
        Assert.Equal(5, server.Points.Count);
    }

    [Fact]
    public async Task AuthTokenGoesInTheHeaderAndNeverIntoLogsOrErrors()
    {
        using var server = new FakeMlflowServer();
        var logger = new RecordingLogger();
        server.Fault = (_, path) => path.EndsWith("log-batch", StringComparison.Ordinal) ? 400 : path.EndsWith("runs/update", StringComparison.Ordinal) ? 503 : null;
        using var backend = new RestTrackingBackend(Options(server, 2), logger) { ReplayPendingSpools = false };

        var run = backend.StartRestRun("exp", "auth", new Dictionary<string, string> { ["leaky"] = "token=" + Token });
        run.LogParam("also-leaky", Token);
        run.LogMetric("m", 1, 0);
        run.End(RunStatus.Finished);

        Assert.All(server.Requests, r => Assert.Equal("Bearer " + Token, r.Authorization));
        Assert.NotEmpty(logger.Entries);
        Assert.All(logger.Entries, e => Assert.DoesNotContain(Token, e.Message, StringComparison.Ordinal));
        Assert.All(run.Errors, e => Assert.DoesNotContain(Token, e, StringComparison.Ordinal));
        Assert.DoesNotContain(Token, server.Runs[run.RunId].Tags["leaky"], StringComparison.Ordinal);
        Assert.All(server.Requests.Where(r => r.Path.EndsWith("log-batch", StringComparison.Ordinal)), r => Assert.DoesNotContain(Token, r.Body, StringComparison.Ordinal));
        Assert.DoesNotContain(Token, backend.Client.Options.ToString(), StringComparison.Ordinal);

        using var client = Client(server, attempts: 1);
        var e = await Assert.ThrowsAsync<MlflowApiException>(() => client.LogBatchAsync(run.RunId, null, [new("a", "b")], null));
        Assert.DoesNotContain(Token, e.Message, StringComparison.Ordinal);
        Assert.Contains("***", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthBasicCredentialsFromTheEnvironment()
    {
        using var server = new FakeMlflowServer();
        var environment = new Dictionary<string, string?>
        {
            [MlflowRestOptions.UsernameVariable] = "alice",
            [MlflowRestOptions.PasswordVariable] = "pa55word",
            [MlflowRestOptions.MaxAttemptsVariable] = "1",
        };
        var options = MlflowRestOptions.FromEnvironment(server.Uri, v => environment.GetValueOrDefault(v));
        using var client = new MlflowRestClient(options);

        await client.GetOrCreateExperimentAsync("exp");

        Assert.All(server.Requests, r => Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:pa55word")), r.Authorization));
        Assert.DoesNotContain("pa55word", options.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, options.Retry.MaxAttempts);
        Assert.Equal("***", options.Redact("pa55word"));
    }

    [Fact]
    public void LongParamsAreTruncatedWithAWarningAndNaNTravelsAsAString()
    {
        using var server = new FakeMlflowServer();
        using var backend = Backend(server);

        var run = backend.StartRestRun("exp", "values", null);
        run.LogParam("config", new string('x', 7000));
        run.LogParam("config", new string('x', 7000));
        run.LogMetric("loss", double.NaN, 0);
        run.LogMetric("loss", double.PositiveInfinity, 1);
        run.End(RunStatus.Finished);

        Assert.Equal(6000, server.Runs[run.RunId].Params["config"].Length);
        Assert.Single(run.Warnings, w => w.Contains("truncated", StringComparison.Ordinal));
        var batch = server.Requests.Single(r => r.Path.EndsWith("log-batch", StringComparison.Ordinal) && r.Body.Contains("\"loss\"", StringComparison.Ordinal)).Body;
        Assert.Contains("\"value\":\"NaN\"", batch, StringComparison.Ordinal);
        Assert.Contains("\"value\":\"Infinity\"", batch, StringComparison.Ordinal);
        Assert.True(double.IsNaN(server.Points[0].Value));
    }

    private MlflowRestOptions Options(FakeMlflowServer server, int attempts, TimeSpan? batchInterval = null, TimeSpan? requestTimeout = null) =>
        new(server.Uri)
        {
            BatchInterval = batchInterval ?? TimeSpan.FromSeconds(1),
            Token = Token,
            Retry = new MlflowRetryPolicy(attempts, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(4)),
            SpoolDirectory = folder.Combine("spool"),
            RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(10),
            ProbeInterval = TimeSpan.Zero,
        };

    private RestTrackingBackend Backend(FakeMlflowServer server, int attempts = 3, RecordingLogger? logger = null, TimeSpan? batchInterval = null) =>
        new(Options(server, attempts, batchInterval), logger) { ReplayPendingSpools = false };

    private MlflowRestClient Client(FakeMlflowServer server, int attempts) => new(Options(server, attempts));
}
