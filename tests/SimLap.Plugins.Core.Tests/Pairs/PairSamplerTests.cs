using SimLap.Contracts.Components;
using SimLap.Plugins.Core.Pairs;
using SimLap.Plugins.Core.Tests.TestSupport;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Pairs;

public sealed class PairSamplerTests
{
    private static Tensor Labels(int count, int classes, long seed) =>
        randint(0, classes, new long[] { count }, dtype: ScalarType.Int64, generator: new Generator((ulong)seed, CPU));

    [Fact]
    public void DistinctNeverPairsAClassWithItself()
    {
        var labels = Labels(2000, 3, 11);
        var pairs = new DistinctPairSampler(new NoOptions(), LossTestContext.Create(numClasses: 3)).Sample(labels);

        Assert.False(pairs.PartnerLabels.eq(labels).any().item<bool>());
        Assert.True(pairs.PartnerLabels.ge(0).all().item<bool>() && pairs.PartnerLabels.lt(3).all().item<bool>());
        // Every shift 1..C-1 occurs.
        Assert.Equal(2L, pairs.PartnerLabels.sub(labels).remainder(3).unique().Item1.shape[0]);
    }

    [Fact]
    public void DistinctNeedsTwoClasses()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new DistinctPairSampler(new NoOptions(), LossTestContext.Create(numClasses: 1)));
        Assert.Contains("at least 2 classes", error.Message);
    }

    [Fact]
    public void IdenticalPairsEveryAnchorWithItsOwnClass()
    {
        var labels = tensor(new long[] { 2, 0, 1, 0 });
        var sampler = new IdenticalPairSampler(new NoOptions(), LossTestContext.Create());
        var pairs = sampler.Sample(labels);

        Assert.True(sampler.NeedsLabels);
        Assert.True(pairs.PartnerLabels.eq(labels).all().item<bool>());
        var expected = tensor(new[] { true, false, false, false, false, true, false, true, false, false, true, false, false, true, false, true }).reshape(4, 4);
        Assert.True(pairs.Positives.eq(expected).all().item<bool>());
        Assert.False(pairs.Excluded.any().item<bool>());
    }

    [Fact]
    public void ArbitraryPermutesTheBatchLabelsReproducibly()
    {
        var labels = Labels(64, 10, 3);
        var first = new ArbitraryPairSampler(new NoOptions(), LossTestContext.Create(numClasses: 10, seed: 42));
        var second = new ArbitraryPairSampler(new NoOptions(), LossTestContext.Create(numClasses: 10, seed: 42));
        var other = new ArbitraryPairSampler(new NoOptions(), LossTestContext.Create(numClasses: 10, seed: 43));

        var a = first.Sample(labels).PartnerLabels;
        var b = second.Sample(labels).PartnerLabels;
        var c = other.Sample(labels).PartnerLabels;

        Assert.True(a.sort().Values.eq(labels.sort().Values).all().item<bool>());
        Assert.True(a.eq(b).all().item<bool>());
        Assert.False(a.eq(c).all().item<bool>());
        Assert.False(a.eq(first.Sample(labels).PartnerLabels).all().item<bool>());
    }

    [Fact]
    public void InstancePairsTheTwoViewsOfEachImage()
    {
        var sampler = new InstancePairSampler(new NoOptions(), LossTestContext.Create());
        var pairs = sampler.Sample(tensor(new long[] { 0, 0, 1 }));

        Assert.False(sampler.NeedsLabels);
        Assert.True(pairs.Positives.eq(eye(3, dtype: ScalarType.Bool)).all().item<bool>());
        Assert.False(pairs.Excluded.any().item<bool>());
    }
}
