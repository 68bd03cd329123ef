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
        var name = RunNames.For("quickstart", [$"data.root={new string('x', 400)}"]);

        Assert.Equal(RunNames.MaxLength, name.Length);
        Assert.EndsWith("...", name, StringComparison.Ordinal);
    }
}
