using SimLap.Engine.Running;

namespace SimLap.Engine.Tests.Running;

/// <summary>Single runs' names: what differs from the file, else an MLflow-style random suffix.</summary>
public sealed class RunNamesTests
{
    [Fact]
    public void TheSetOverridesNameTheRunInTheOrderGiven()
    {
        Assert.Equal("quickstart seed=3 head.type=open", RunNames.For("quickstart", ["seed=3", " head.type=open "]));
    }

    [Fact]
    public void WithoutOverridesRunsGetDistinctAdjectiveNounNumberSuffixes()
    {
        var random = new Random(11);

        var names = Enumerable.Range(0, 3).Select(_ => RunNames.For("quickstart", [], random)).ToList();

        Assert.All(names, n => Assert.Matches("^quickstart [a-z]+-[a-z]+-[0-9]{3}$", n));
        Assert.Equal(3, names.Distinct().Count());
    }

    [Fact]
    public void ANameLongerThanMlflowAllowsIsCutWithAnEllipsis()
    {
        // 30 overrides of 14 characters: 10 + 30 * 15 = 460 characters before the cut.
        var overrides = Enumerable.Range(0, 30).Select(i => $"train.k{i:D2}=12345").ToList();

        var name = RunNames.For("quickstart", overrides);

        Assert.Equal(RunNames.MaxLength, name.Length);
        Assert.EndsWith("...", name, StringComparison.Ordinal);
        Assert.StartsWith("quickstart train.k00=12345 train.k01=12345", name, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("data.root=/data/sets/cifar10/", "data.root=cifar10")]
    [InlineData("data.root='C:\\data\\stl10'", "data.root=stl10")]
    [InlineData("backbone.widths=[8, 16, 32]", "backbone.widths=[8,16,32]")]
    [InlineData("loss.note=a-very-long-value-that-goes-on-and-on", "loss.note=a-very-long-value-that-\u2026")]
    [InlineData("seed=42", "seed=42")]
    public void AnOverrideIsShortenedToWhatTellsRunsApart(string assignment, string expected)
    {
        Assert.Equal(expected, RunNames.Shorten(assignment));
    }

    [Fact]
    public void WhereTheRunIsLoggedIsNoPartOfItsName()
    {
        var name = RunNames.For("quickstart", ["tracking.experiment=other", "tracking.uri=/tmp/mlruns"], new Random(3));

        Assert.Matches("^quickstart [a-z]+-[a-z]+-[0-9]{3}$", name);
    }

    [Fact]
    public void TheSameOverridesAgainGetARandomSuffixSoNamesStayUnique()
    {
        var random = new Random(5);
        var names = new HashSet<string>(StringComparer.Ordinal);

        for (var i = 0; i < 3; i++)
        {
            Assert.True(names.Add(RunNames.For("quickstart", ["seed=2"], random, names.Contains)));
        }

        Assert.Contains("quickstart seed=2", names);
        Assert.Equal(2, names.Count(n => System.Text.RegularExpressions.Regex.IsMatch(n, "^quickstart seed=2 [a-z]+-[a-z]+-[0-9]{3}$")));
    }

    [Fact]
    public void ACutNameKeepsItsRandomSuffixWhole()
    {
        var overrides = Enumerable.Range(0, 30).Select(i => $"train.k{i:D2}=12345").ToList();
        var first = RunNames.For("quickstart", overrides);

        var second = RunNames.For("quickstart", overrides, new Random(1), name => name == first);

        Assert.Equal(RunNames.MaxLength, second.Length);
        Assert.Matches(@"\.\.\. [a-z]+-[a-z]+-[0-9]{3}$", second);
    }
}
