using SimLap.Plugins.Core.Evaluators;
using SimLap.Plugins.Core.Tests.TestSupport;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Evaluators;

public sealed class SimilarityEvaluatorTests
{

    [Fact]
    public void ClustersAreMoreSimilarWithinThanAcrossClasses()
    {
        var context = EvaluatorTestData.Clusters(classes: 4, trainPerClass: 5, testPerClass: 30, dim: 8, separation: 6);
        var evaluator = new SimilarityEvaluator(new SimilarityOptions(), LossTestContext.Create());
        Assert.Equal("similarity", evaluator.Protocol);
        var result = evaluator.Evaluate(context);
        var m = result.Metrics;

        Assert.True(m["intra_mean"] > 0.7, $"intra {m["intra_mean"]}");
        Assert.InRange(m["inter_mean"], -0.3, 0.3);
        Assert.Equal(m["intra_mean"] - m["inter_mean"], m["gap"], 12);
        Assert.True(m["auc"] > 0.99);
        Assert.True(m["overlap"] < 0.05);
        Assert.True(m["intra_std"] > 0 && m["inter_std"] > 0);

        using var bitmap = EvaluatorTestData.DecodePng(Assert.Single(result.Artifacts));
    }

    [Fact]
    public void RandomLabelsCannotBeSeparated()
    {
        var context = EvaluatorTestData.Clusters(classes: 3, trainPerClass: 5, testPerClass: 60, dim: 8, separation: 0, shuffleLabels: true);
        var m = new SimilarityEvaluator(new SimilarityOptions(), LossTestContext.Create()).Evaluate(context).Metrics;

        Assert.InRange(m["auc"], 0.45, 0.55);
        Assert.True(m["overlap"] > 0.85, $"overlap {m["overlap"]}");
        Assert.InRange(m["gap"], -0.05, 0.05);
    }

    [Fact]
    public void AucCountsTiesAsHalfAndPairsAreSplitByLabel()
    {
        Assert.Equal(5.0 / 6, SimilarityEvaluator.Auc(tensor(new[] { 0.5, 0.2, 0.2 }), tensor(new[] { 0.2, 0.1 })), 12);
        Assert.Equal(0.0, SimilarityEvaluator.Auc(tensor(new[] { 0.1 }), tensor(new[] { 0.3, 0.9 })), 12);

        // Three points on the unit circle at 0, 90 and 180 degrees; labels 0, 0, 1.
        var z = tensor(new double[,] { { 1, 0 }, { 0, 2 }, { -3, 0 } });
        var (intra, inter) = SimilarityEvaluator.PairSimilarities(z, tensor(new long[] { 0, 0, 1 }));
        Assert.Equal(new[] { 0.0 }, LossTestContext.Values(intra.unsqueeze(0)));
        Assert.Equal(new[] { -1.0, 0.0 }, LossTestContext.Values(inter.unsqueeze(0)));

        var (p, q, overlap) = SimilarityEvaluator.Histograms(intra, inter, 4);
        Assert.Equal(new[] { 0, 0, 1.0, 0 }, p);
        Assert.Equal(new[] { 0.5, 0, 0.5, 0 }, q);
        Assert.Equal(0.5, overlap, 12);
    }
}
