using SimLap.Plugins.Core.Evaluators;
using SimLap.Plugins.Core.Tests.TestSupport;

namespace SimLap.Plugins.Core.Tests.Evaluators;

public sealed class FewShotEvaluatorTests
{

    [Fact]
    public void ClustersAreLearntFromOneShotAndLargeShotCountsAreSkipped()
    {
        var context = EvaluatorTestData.Clusters(classes: 5, trainPerClass: 12, testPerClass: 20, dim: 6, separation: 10);
        var evaluator = new FewShotEvaluator(new FewShotOptions { Shots = [1, 5, 10, 25], Seeds = 3 }, LossTestContext.Create());
        Assert.Equal("few-shot", evaluator.Protocol);
        var result = evaluator.Evaluate(context);

        foreach (var k in new[] { 1, 5, 10 })
        {
            Assert.True(result.Metrics[$"shots_{k}/mean"] >= (k == 1 ? 85 : 95), $"{k} shots: {result.Metrics[$"shots_{k}/mean"]}");
            Assert.InRange(result.Metrics[$"shots_{k}/std"], 0, k == 1 ? 15 : 5);
            Assert.True(result.Metrics.ContainsKey($"shots_{k}/seed_2"));
        }

        // 25 shots exceed the 12 images per class.
        Assert.DoesNotContain(result.Metrics.Keys, key => key.StartsWith("shots_25", StringComparison.Ordinal));

        // The same draws at every evaluation.
        var again = evaluator.Evaluate(context);
        Assert.Equal(result.Metrics, again.Metrics);

        using var bitmap = EvaluatorTestData.DecodePng(Assert.Single(result.Artifacts));
    }

    [Fact]
    public void RandomLabelsStayNearChanceAndSeedsDiffer()
    {
        var context = EvaluatorTestData.Clusters(classes: 4, trainPerClass: 30, testPerClass: 100, dim: 6, separation: 0, shuffleLabels: true);
        var metrics = new FewShotEvaluator(new FewShotOptions { Shots = [5, 10], Seeds = 3, PerSeed = false }, LossTestContext.Create()).Evaluate(context).Metrics;

        Assert.InRange(metrics["shots_5/mean"], 12, 38);
        Assert.InRange(metrics["shots_10/mean"], 12, 38);
        Assert.False(metrics.ContainsKey("shots_5/seed_0"));
        Assert.True(metrics["shots_5/std"] > 0);
    }
}
