using SimLap.Engine.Configuration;
using SimLap.Engine.Experiments;

namespace SimLap.Engine.Tests.Sweeps;

public sealed class SweepExpanderTests
{
    [Fact]
    public void GridIsTheCartesianProductWithTheLastKeyVaryingFastest()
    {
        var trials = Expand("grid: { loss.temperature: [0.05, 0.1], pairs.type: [arbitrary, identical, distinct] }");

        Assert.Equal(6, trials.Count);
        Assert.Equal(Enumerable.Range(0, 6), trials.Select(t => t.Index));
        Assert.Equal("loss.temperature=0.05 pairs.type=arbitrary", trials[0].Label);
        Assert.Equal("loss.temperature=0.05 pairs.type=distinct", trials[2].Label);
        Assert.Equal("loss.temperature=0.1 pairs.type=arbitrary", trials[3].Label);
    }

    [Fact]
    public void ZipWalksListsTogetherAndSeedsMultiplyInnermost()
    {
        var trials = Expand("zip: { head.type: [simlap-gate, open], name: [gated, open] }\nseeds: [1, 2, 3]");

        Assert.Equal(6, trials.Count);
        Assert.Equal("head.type=simlap-gate name=gated seed=1", trials[0].Label);
        Assert.Equal("head.type=simlap-gate name=gated seed=3", trials[2].Label);
        Assert.Equal("head.type=open name=open seed=1", trials[3].Label);
    }

    [Fact]
    public void ZipListsOfDifferentLengthsAreAnErrorNamingBoth()
    {
        var error = Assert.Throws<ConfigurationException>(() => Expand("zip: { a: [1, 2], b: [1, 2, 3] }"));

        Assert.Contains("'a' has 2, 'b' has 3", error.Message);
    }

    [Fact]
    public void RandomSamplesAreSeededWithinTheirRangesAndTheSameEveryTime()
    {
        const string Sweep = "random: { n: 20, seed: 4, params: { train.optimizer.lr: { low: 1.0e-4, high: 1.0e-2, log: true }, pairs.type: [arbitrary, identical] } }";

        var first = Expand(Sweep);
        var again = Expand(Sweep);
        var other = Expand(Sweep.Replace("seed: 4", "seed: 5"));

        Assert.Equal(20, first.Count);
        Assert.Equal(first.Select(t => t.Label), again.Select(t => t.Label));
        Assert.NotEqual(first.Select(t => t.Label), other.Select(t => t.Label));
        var rates = first.Select(t => double.Parse(t.Overrides[0].Text, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.All(rates, r => Assert.InRange(r, 1e-4, 1e-2));
        Assert.Contains(first, t => t.Overrides[1].Text == "arbitrary");
        Assert.Contains(first, t => t.Overrides[1].Text == "identical");
    }

    [Fact]
    public void AWholeSectionCanBeAGridValue()
    {
        var trials = Expand("grid:\n  head:\n    - { type: simlap-gate, fuse: false }\n    - { type: open }");

        Assert.Equal("head={type: simlap-gate, fuse: false}", trials[0].Label);
        Assert.Equal("head={type: open}", trials[1].Label);
    }

    [Fact]
    public void NoSweepIsOneTrialWithoutOverrides()
    {
        var trials = SweepExpander.Expand(null);

        Assert.Single(trials);
        Assert.Empty(trials[0].Overrides);
    }

    [Fact]
    public void AnUnknownSweepKeyIsReportedWithItsLineAndASuggestion()
    {
        var error = Assert.Throws<ConfigurationException>(() => Expand("seeds: [1]\ngird: { a: [1] }"));

        Assert.Contains("sweep.yaml:2:1: unknown key 'sweep.gird'. Did you mean 'grid'?", error.Message);
    }

    private static IReadOnlyList<SweepTrial> Expand(string sweep) => SweepExpander.Expand(YamlConfigReader.Parse(sweep, "sweep.yaml"));
}
