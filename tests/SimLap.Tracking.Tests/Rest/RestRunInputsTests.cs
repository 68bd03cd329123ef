using SimLap.Engine.Tests.TestSupport;
using SimLap.Tracking;
using SimLap.Tracking.Rest;

namespace SimLap.Tracking.Tests.Rest;

/// <summary>Run inputs on an MLflow server: sent in queue order, and through an outage spooled and delivered once.</summary>
public sealed class RestRunInputsTests : IDisposable
{
    private static readonly DatasetInput Train = new("fashion-mnist", "0123456789abcdef", "local", "{\"uri\": \"/data/fm\"}", null, "{\"num_rows\": 70000}", DatasetInput.Training);
    private static readonly DatasetInput Transfer = new("cifar10", "fedcba9876543210", "local", "{\"uri\": \"/data/c10\"}", null, null, DatasetInput.Evaluation);

    private readonly TrackingTestFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void InputsGoInOneLogInputsRequestAfterTheMetricsLoggedBeforeThem()
    {
        using var server = new FakeMlflowServer();
        using var backend = Backend(server, attempts: 1);
        var run = backend.StartRestRun("exp", "inputs", null);

        run.LogMetric("train/loss", 1.0, 0);
        run.LogInputs([Train, Transfer]);
        run.End(RunStatus.Finished);

        Assert.Equal([(run.RunId, "fashion-mnist", "0123456789abcdef", "training"), (run.RunId, "cifar10", "fedcba9876543210", "evaluation")], server.DatasetInputs);
        var paths = server.Requests.Select(r => r.Path).Where(p => p.EndsWith("log-batch", StringComparison.Ordinal) || p.EndsWith("log-inputs", StringComparison.Ordinal)).ToList();
        Assert.Equal(["/api/2.0/mlflow/runs/log-batch", "/api/2.0/mlflow/runs/log-inputs"], paths);
        var body = server.Requests.Single(r => r.Path.EndsWith("log-inputs", StringComparison.Ordinal)).Body;
        Assert.Contains("\"source_type\":\"local\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\"schema\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public void InputsLoggedWhileTheServerIsDownAreSpooledAndSyncDeliversThemOnce()
    {
        using var server = new FakeMlflowServer();
        using var backend = Backend(server, attempts: 2);
        var run = backend.StartRestRun("exp", "outage", null);
        run.LogMetric("train/loss", 1.0, 0);
        run.Flush();

        server.Stop();
        run.LogInputs([Train, Transfer]);
        run.LogMetric("train/loss", 0.5, 1);
        run.End(RunStatus.Finished);

        Assert.Empty(server.DatasetInputs);
        Assert.NotNull(run.SpoolDirectory);
        server.Start();
        using var client = new MlflowRestClient(Options(server, attempts: 1));
        var replay = Assert.Single(SpoolReplayer.ReplayAll(folder.Combine("spool"), _ => client));
        Assert.True(replay.Done, string.Join("; ", replay.Problems));
        // A second sync finds nothing left: each input arrives once.
        Assert.Empty(SpoolReplayer.ReplayAll(folder.Combine("spool"), _ => client));

        Assert.Equal(["fashion-mnist", "cifar10"], server.DatasetInputs.Select(i => i.Name));
        Assert.All(server.DatasetInputs, i => Assert.Equal(run.RunId, i.RunId));
        Assert.Equal(1, server.Count("runs/log-inputs"));
        Assert.Equal("FINISHED", server.Runs[run.RunId].Status);
        Assert.Equal([0L, 1L], server.Points.Select(p => p.Step).Order());
    }

    [Fact]
    public void InputsTheServerRejectsAreSpooledNotDropped()
    {
        using var server = new FakeMlflowServer();
        using var backend = Backend(server, attempts: 1);
        server.Fault = (_, path) => path.EndsWith("log-inputs", StringComparison.Ordinal) ? 400 : null;
        var run = backend.StartRestRun("exp", "rejected", null);

        run.LogInputs([Train]);
        run.End(RunStatus.Finished);

        Assert.Empty(server.DatasetInputs);
        Assert.Contains(run.Warnings, w => w.Contains("the server rejected 1 data set inputs", StringComparison.Ordinal));
        server.Fault = null;
        using var client = new MlflowRestClient(Options(server, attempts: 1));
        Assert.True(Assert.Single(SpoolReplayer.ReplayAll(folder.Combine("spool"), _ => client)).Done);
        Assert.Equal("fashion-mnist", Assert.Single(server.DatasetInputs).Name);
    }

    private MlflowRestOptions Options(FakeMlflowServer server, int attempts) =>
        new(server.Uri)
        {
            BatchInterval = TimeSpan.Zero,
            Retry = new MlflowRetryPolicy(attempts, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(4)),
            SpoolDirectory = folder.Combine("spool"),
            RequestTimeout = TimeSpan.FromSeconds(10),
            ProbeInterval = TimeSpan.FromHours(1),
        };

    private RestTrackingBackend Backend(FakeMlflowServer server, int attempts) =>
        new(Options(server, attempts)) { ReplayPendingSpools = false };
}
