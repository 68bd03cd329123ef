using SimLap.Engine.Configuration;
using SimLap.Engine.Running;
using SimLap.Tracking;

namespace SimLap.Engine.Tests.Running;

public sealed class ResumeCheckTests
{
    private static readonly Dictionary<string, string> Stored = new()
    {
        ["seed"] = "1",
        ["train.epochs"] = "10",
        ["train.optimizer.lr"] = "0.001",
        ["tracking.uri"] = "",
    };

    [Fact]
    public void SameParamsOfAKilledRunAreAcceptedWithNoChanges()
    {
        Assert.Empty(ResumeCheck.Check(Run(RunStatus.Killed), Now(), extendEpochs: false));
    }

    [Fact]
    public void ChangedParamsAreRefusedListingEachKeyWithBothValues()
    {
        var error = Assert.Throws<ConfigurationException>(() =>
            ResumeCheck.Check(Run(RunStatus.Killed), Now(("seed", "2"), ("train.optimizer.lr", "0.01")), extendEpochs: false));

        Assert.Contains("2 param(s) differ: seed: '1' (stored) vs '2' (now); train.optimizer.lr: '0.001' (stored) vs '0.01' (now).", error.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed in the run", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AKeyOnlyOneSideHasIsADifference()
    {
        var error = Assert.Throws<ConfigurationException>(() =>
            ResumeCheck.Check(Run(RunStatus.Failed), [.. Now(), new("loss.margin", "0.5")], extendEpochs: false));

        Assert.Contains("loss.margin: (absent) (stored) vs '0.5' (now)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TrackingUriMayDifferBecauseTheRunWasFoundInThisStore()
    {
        Assert.Empty(ResumeCheck.Check(Run(RunStatus.Killed), Now(("tracking.uri", "/elsewhere/mlruns")), extendEpochs: false));
    }

    [Fact]
    public void MoreEpochsAreAChangeOnlyWhenExtendingIsAsked()
    {
        var refused = Assert.Throws<ConfigurationException>(() => ResumeCheck.Check(Run(RunStatus.Killed), Now(("train.epochs", "20")), extendEpochs: false));
        Assert.Contains("train.epochs: '10' (stored) vs '20' (now)", refused.Message, StringComparison.Ordinal);
        Assert.Contains("--extend-epochs N", refused.Message, StringComparison.Ordinal);

        var changes = ResumeCheck.Check(Run(RunStatus.Killed), Now(("train.epochs", "20")), extendEpochs: true);
        Assert.Equal([("train.epochs", "10", "20")], changes);
        Assert.Equal("train.epochs 10 -> 20", ResumeCheck.Describe(changes));
    }

    [Theory]
    [InlineData("10")]
    [InlineData("5")]
    public void ExtendingToNoMoreEpochsIsRefused(string epochs)
    {
        Assert.Throws<ConfigurationException>(() => ResumeCheck.Check(Run(RunStatus.Killed), Now(("train.epochs", epochs)), extendEpochs: true));
    }

    [Fact]
    public void AnExtendedRunIsComparedWithItsExtendedEpochsFromTheTag()
    {
        var run = Run(RunStatus.Killed) with { Tags = new Dictionary<string, string> { [ResumeCheck.EpochsTag] = "20" } };

        Assert.Empty(ResumeCheck.Check(run, Now(("train.epochs", "20")), extendEpochs: false));
        Assert.Throws<ConfigurationException>(() => ResumeCheck.Check(run, Now(), extendEpochs: false));
    }

    [Fact]
    public void AFinishedRunIsRefusedUnlessItIsExtended()
    {
        var error = Assert.Throws<ConfigurationException>(() => ResumeCheck.Check(Run(RunStatus.Finished), Now(), extendEpochs: false));

        Assert.Contains("has FINISHED (ended 2026-01-01T00:00:00.000Z), and a finished run is not resumed", error.Message, StringComparison.Ordinal);
        Assert.Contains("without --resume", error.Message, StringComparison.Ordinal);
        Assert.Single(ResumeCheck.Check(Run(RunStatus.Finished), Now(("train.epochs", "11")), extendEpochs: true));
    }

    private static StoredRun Run(RunStatus status) => new(
        "0123456789abcdef0123456789abcdef", "quickstart", "1", status, 0, DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(), Stored, new Dictionary<string, string>(), null);

    private static List<KeyValuePair<string, string>> Now(params (string Key, string Value)[] changes)
    {
        var now = new Dictionary<string, string>(Stored);
        foreach (var (key, value) in changes)
        {
            now[key] = value;
        }

        return [.. now];
    }
}
