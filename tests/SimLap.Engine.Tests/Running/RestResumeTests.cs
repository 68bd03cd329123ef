using SimLap.Engine.Running;
using SimLap.Tracking;
using SimLap.Tracking.Rest;

using SimLap.Tracking.Tests;
using SimLap.Tracking.Tests.Rest;

namespace SimLap.Engine.Tests.Running;

/// <summary>What resume safety needs of a server: reading a run unchanged, listing RUNNING runs, and marking gone owners KILLED.</summary>
public sealed class RestResumeTests : IDisposable
{
    private readonly TrackingTestFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void ReadRunReturnsStatusParamsAndTagsWithoutChangingTheRun()
    {
        using var server = new FakeMlflowServer();
        using var backend = Backend(server);
        var run = backend.StartRestRun("exp", "one", new Dictionary<string, string> { ["team"] = "vision" });
        run.LogParam("seed", "3");
        run.End(RunStatus.Killed);
        var writes = server.Requests.Count(r => r.Method == "POST");

        var stored = backend.ReadRun(run.RunId);

        Assert.NotNull(stored);
        Assert.Equal((RunStatus.Killed, "one", "3", "vision"), (stored.Status, stored.RunName, stored.Params["seed"], stored.Tags["team"]));
        Assert.Null(stored.Folder);
        Assert.Equal(writes, server.Requests.Count(r => r.Method == "POST"));
        Assert.Null(backend.ReadRun("0123456789abcdef0123456789abcdef"));
        Assert.False(backend.CanUpdateParams);
    }

    [Fact]
    public void SweeperMarksAStaleOtherHostsRunKilledAndLeavesAFreshOneRunning()
    {
        using var server = new FakeMlflowServer();
        using var backend = Backend(server);
        var stale = Owned(backend, "stale", TimeSpan.FromMinutes(30));
        var fresh = Owned(backend, "fresh", TimeSpan.FromSeconds(20));
        var done = Owned(backend, "done", TimeSpan.FromMinutes(30));
        done.End(RunStatus.Finished);

        var marked = new StaleRunSweeper(backend, OwnerLiveness.ForThisMachine(TimeSpan.FromMinutes(10))).Sweep("exp");

        var (run, reason) = Assert.Single(marked);
        Assert.Equal(stale.RunId, run.RunId);
        Assert.StartsWith("owner process 9 on gpu-node-7 is gone (last heartbeat ", reason, StringComparison.Ordinal);
        Assert.Equal("KILLED", server.Runs[stale.RunId].Status);
        Assert.Equal(reason, server.Runs[stale.RunId].Tags[StaleRunSweeper.ErrorTag]);
        Assert.Equal("RUNNING", server.Runs[fresh.RunId].Status);
        Assert.Equal("FINISHED", server.Runs[done.RunId].Status);
    }

    private static RestRun Owned(RestTrackingBackend backend, string name, TimeSpan heartbeatAge)
    {
        var tags = new RunOwner("gpu-node-7", 9, DateTimeOffset.UtcNow.AddHours(-1)).Tags();
        tags[RunOwner.HeartbeatTag] = RunOwner.FormatTime(DateTimeOffset.UtcNow - heartbeatAge);
        return backend.StartRestRun("exp", name, tags);
    }

    private RestTrackingBackend Backend(FakeMlflowServer server) =>
        new(new MlflowRestOptions(server.Uri)
        {
            BatchInterval = TimeSpan.FromMilliseconds(50),
            Retry = new MlflowRetryPolicy(2, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(4)),
            SpoolDirectory = folder.Combine("spool"),
            RequestTimeout = TimeSpan.FromSeconds(10),
        })
        { ReplayPendingSpools = false };
}
