using SimLap.Tracking;

namespace SimLap.Tracking.Tests;

public sealed class OwnerLivenessTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Started = Now.AddHours(-1);

    [Fact]
    public void ARunThatNamesNoOwnerIsNeverGone()
    {
        Assert.Null(Liveness(_ => null).GoneReason(new Dictionary<string, string>()));
    }

    [Fact]
    public void SameHostDeadPidIsGoneWithTheReason()
    {
        var tags = Tags(Environment.MachineName, Now.AddSeconds(-40));

        Assert.Equal(
            $"owner process 4242 on {Environment.MachineName} is gone (last heartbeat 2026-12-02T11:59:20.000Z)",
            Liveness(_ => null).GoneReason(tags));
    }

    [Fact]
    public void SameHostLivePidWithTheSameStartIsAliveHoweverOldItsHeartbeat()
    {
        Assert.Null(Liveness(_ => Started.AddMilliseconds(10)).GoneReason(Tags(Environment.MachineName, Now.AddDays(-1))));
    }

    [Fact]
    public void SameHostPidReusedByAnotherProcessIsGone()
    {
        Assert.NotNull(Liveness(_ => Started.AddMinutes(5)).GoneReason(Tags(Environment.MachineName, Now)));
    }

    [Fact]
    public void OtherHostIsJudgedByTheHeartbeatsAge()
    {
        var neverAsked = Liveness(_ => throw new InvalidOperationException("another host's pids are not looked up"));

        Assert.Null(neverAsked.GoneReason(Tags("gpu-node-7", Now.AddMinutes(-9))));
        Assert.Equal(
            "owner process 4242 on gpu-node-7 is gone (last heartbeat 2026-12-02T11:49:00.000Z)",
            neverAsked.GoneReason(Tags("gpu-node-7", Now.AddMinutes(-11))));
    }

    [Fact]
    public void ThisProcessIsAliveAndAKilledChildIsGone()
    {
        var liveness = OwnerLiveness.ForThisMachine();
        Assert.Null(liveness.GoneReason(RunOwner.Current.Tags()));

        using var child = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        var owner = new RunOwner(Environment.MachineName, child.Id, new DateTimeOffset(child.StartTime.ToUniversalTime(), TimeSpan.Zero));
        Assert.Null(liveness.GoneReason(owner.Tags()));
        child.Kill();
        child.WaitForExit();
        Assert.StartsWith($"owner process {child.Id} on ", liveness.GoneReason(owner.Tags()), StringComparison.Ordinal);
    }

    [Fact]
    public void OwnerTagsRoundTrip()
    {
        var owner = new RunOwner("host-a", 77, Started);

        Assert.Equal(owner, RunOwner.FromTags(owner.Tags()));
        Assert.Equal("process 77 on host-a (since 2026-12-02T11:00:00.000Z)", owner.ToString());
    }

    private static OwnerLiveness Liveness(Func<int, DateTimeOffset?> processStart) => new(TimeSpan.FromMinutes(10), () => Now, processStart);

    private static Dictionary<string, string> Tags(string host, DateTimeOffset heartbeat) =>
        new(new RunOwner(host, 4242, Started).Tags()) { [RunOwner.HeartbeatTag] = RunOwner.FormatTime(heartbeat) };
}
