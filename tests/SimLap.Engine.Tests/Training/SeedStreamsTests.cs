using SimLap.Engine.Training;
using TorchSharp;

namespace SimLap.Engine.Tests.Training;

public sealed class SeedStreamsTests
{
    [Fact]
    public void TheSameSeedAndStreamGiveTheSameValue()
    {
        Assert.Equal(SeedStreams.Derive(1, "init"), SeedStreams.Derive(1, "init"));
        Assert.Equal(SeedStreams.Derive(12345, "eval.0"), SeedStreams.Derive(12345, "eval.0"));
    }

    [Fact]
    public void DifferentStreamNamesGiveDifferentValues()
    {
        string[] streams = ["init", "data-order", "data", "augment", "backbone", "projector", "pairs", "head", "loss", "eval.0", "eval.1", ""];

        var values = streams.Select(s => SeedStreams.Derive(1, s)).ToList();

        Assert.Equal(streams.Length, values.Distinct().Count());
    }

    [Fact]
    public void DifferentSeedsGiveDifferentValues()
    {
        var values = Enumerable.Range(0, 1000).Select(seed => SeedStreams.Derive(seed, "augment")).ToList();

        Assert.Equal(1000, values.Distinct().Count());
    }

    [Fact]
    public void DerivedSeedsAreNonNegativeEvenForExtremeInputs()
    {
        long[] seeds = [0, 1, long.MaxValue, -1, long.MinValue];

        Assert.All(seeds, seed => Assert.True(SeedStreams.Derive(seed, "pairs") >= 0));
    }

    [Fact]
    public void NeighbouringSeedsGiveUnrelatedValues()
    {
        // SplitMix64 finalisation: seeds 1 and 2 differ in about half of the 63 bits, not in one.
        var difference = SeedStreams.Derive(1, "init") ^ SeedStreams.Derive(2, "init");

        Assert.InRange(long.PopCount(difference), 16, 48);
    }

    [Fact]
    public void GeneratorsOfTheSameStreamDrawTheSameNumbersAndOtherStreamsDiffer()
    {
        using var first = SeedStreams.Generator(3, "augment");
        using var again = SeedStreams.Generator(3, "augment");
        using var other = SeedStreams.Generator(3, "pairs");

        using var a = torch.rand(8, generator: first);
        using var b = torch.rand(8, generator: again);
        using var c = torch.rand(8, generator: other);

        Assert.Equal(a.data<float>().ToArray(), b.data<float>().ToArray());
        Assert.NotEqual(a.data<float>().ToArray(), c.data<float>().ToArray());
    }
}
