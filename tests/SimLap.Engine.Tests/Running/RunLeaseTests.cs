using SimLap.Engine.Configuration;
using SimLap.Engine.Running;
using SimLap.Tracking;

using SimLap.Tracking.Tests;
using SimLap.Tracking.Tests.Rest;

namespace SimLap.Engine.Tests.Running;

public sealed class RunLeaseTests : IDisposable
{
    private readonly TrackingTestFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void RunLockIsExclusiveUntilReleased()
    {
        using (var first = RunLock.TryAcquire(folder.Path))
        {
            Assert.NotNull(first);
            Assert.Null(RunLock.TryAcquire(folder.Path));
        }

        using var again = RunLock.TryAcquire(folder.Path);
        Assert.NotNull(again);
    }

    [Fact]
    public void ReadRunReturnsStatusParamsAndTagsWithoutChangingTheRunAndListRunsFiltersRunning()
    {
        var store = new LocalFileStore(folder.Combine("mlruns"));
        var finished = store.StartLocalRun("exp", "done", new Dictionary<string, string> { ["team"] = "vision" });
        finished.LogParam("seed", "3");
        finished.End(RunStatus.Finished);
        using var running = store.StartLocalRun("exp", "going");
        running.Flush();
        var meta = File.ReadAllText(Path.Combine(finished.Location, "meta.yaml"));

        var read = store.ReadRun(finished.RunId);

        Assert.NotNull(read);
        Assert.Equal((RunStatus.Finished, "done", "3", "vision", finished.Location), (read.Status, read.RunName, read.Params["seed"], read.Tags["team"], read.Folder));
        Assert.Equal(meta, File.ReadAllText(Path.Combine(finished.Location, "meta.yaml")));
        Assert.Null(store.ReadRun("0123456789abcdef0123456789abcdef"));
        Assert.Equal(2, store.ListRuns("exp", runningOnly: false).Count);
        Assert.Equal(running.RunId, Assert.Single(store.ListRuns(null, runningOnly: true)).RunId);
        Assert.Empty(store.ListRuns("no such experiment", runningOnly: false));
    }

    [Fact]
    public void SweeperMarksARunOfAGoneOwnerKilledButNotALockedOrOwnerlessOne()
    {
        var store = new LocalFileStore(folder.Combine("mlruns"));
        var gone = OwnedRun(store, "gone");
        var locked = OwnedRun(store, "locked");
        var ownerless = OwnedRun(store, "ownerless", owned: false);
        using var held = RunLock.TryAcquire(locked.Folder!);
        var everyoneGone = new OwnerLiveness(TimeSpan.FromMinutes(10), () => DateTimeOffset.UtcNow, _ => null);

        var marked = new StaleRunSweeper(store, everyoneGone).Sweep();

        var (run, reason) = Assert.Single(marked);
        Assert.Equal(gone.RunId, run.RunId);
        Assert.Equal($"owner process 4242 on {Environment.MachineName} is gone (last heartbeat none)", reason);
        var after = store.ReadRun(gone.RunId)!;
        Assert.Equal((RunStatus.Killed, reason), (after.Status, after.Tags[StaleRunSweeper.ErrorTag]));
        Assert.NotNull(after.EndTime);
        Assert.Equal(RunStatus.Running, store.ReadRun(locked.RunId)!.Status);
        Assert.Equal(RunStatus.Running, store.ReadRun(ownerless.RunId)!.Status);
    }

    [Fact]
    public void ResumeLeaseIsRefusedWhileAnotherHoldsTheRunNamingTheOwner()
    {
        var store = new LocalFileStore(folder.Combine("mlruns"));
        var run = OwnedRun(store, "busy");
        var liveness = new OwnerLiveness(TimeSpan.FromMinutes(10), () => DateTimeOffset.UtcNow, _ => null);
        using (RunLock.TryAcquire(run.Folder!))
        {
            var error = Assert.Throws<ConfigurationException>(() => RunLease.ForResume(run, liveness, null));
            Assert.Contains($"is in progress, owned by process 4242 on {Environment.MachineName} (since 2026-12-02T11:00:00.000Z)", error.Message, StringComparison.Ordinal);
        }

        using var lease = RunLease.ForResume(run, liveness, null);
        Assert.Null(RunLock.TryAcquire(run.Folder!));
    }

    [Fact]
    public void ResumeLeaseOfAServerRunIsRefusedWhileItsOwnerIsAlive()
    {
        var tags = new RunOwner("gpu-node-7", 9, DateTimeOffset.UtcNow.AddHours(-1)).Tags();
        tags[RunOwner.HeartbeatTag] = RunOwner.FormatTime(DateTimeOffset.UtcNow.AddSeconds(-30));
        var run = new StoredRun("0123456789abcdef0123456789abcdef", "remote", "1", RunStatus.Running, 0, null, new Dictionary<string, string>(), tags, null);

        Assert.Throws<ConfigurationException>(() => RunLease.ForResume(run, OwnerLiveness.ForThisMachine(), null));
        using var stale = RunLease.ForResume(run, OwnerLiveness.ForThisMachine(TimeSpan.FromSeconds(10)), null);
    }

    private static StoredRun OwnedRun(LocalFileStore store, string name, bool owned = true)
    {
        var tags = owned ? new RunOwner(Environment.MachineName, 4242, new DateTimeOffset(2026, 12, 2, 11, 0, 0, TimeSpan.Zero)).Tags() : [];
        var run = store.StartLocalRun("exp", name, tags);
        run.Flush();
        return store.ReadRun(run.RunId)!;
    }
}
