using SimLap.Contracts.Data;
using SimLap.Contracts.Evaluation;
using SimLap.Plugins.Core.Evaluators;
using SimLap.Plugins.Core.Tests.TestSupport;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Evaluators;

public sealed class KnnEvaluatorTests
{
    // 2-D features stored as 1x1x2 "images". Classes: 0 along the x axis, 1 around 25-60 degrees, 2 near the y axis.
    private static readonly byte[] TrainPoints = [100, 0, 100, 47, 100, 50, 0, 100, 10, 100, 60, 100];
    private static readonly long[] TrainLabels = [0, 1, 1, 2, 2, 1];
    private static readonly byte[] TestPoints = [100, 10, 20, 100, 100, 80, 90, 100];
    private static readonly long[] TestLabels = [0, 2, 1, 2];

    [Fact]
    public void WeightedVotesGiveTheHandComputedTop1()
    {
        // k = 3, T = 0.07. Cosines of the 3 nearest neighbours and log class votes (log sum exp(s / T)):
        // (100,10) [0]: 0.9950 (c0), 0.9429 (c1), 0.9345 (c1) -> c0 14.215 > c1 14.105: 0, right (majority would say 1)
        // (20,100) [2]: 0.9952 (c2), 0.9806 (c2), 0.9417 (c1) -> 2, right
        // (100,80) [1]: 0.9778, 0.9724, 0.9374 all c1 -> 1, right
        // (90,100) [2]: 0.9815, 0.9308, 0.9216 all c1 -> 1, wrong
        var metrics = Evaluate(new KnnOptions { K = 3, Temperature = 0.07 });
        Assert.Equal(75.0, metrics["top1"], 9);
        Assert.False(metrics.ContainsKey("top5"));

        // A near-uniform weighting (T = 10) turns the first test image into a 2-to-1 majority for class 1.
        Assert.Equal(50.0, Evaluate(new KnnOptions { K = 3, Temperature = 10 })["top1"], 9);

        // k = 200 is capped at the 6 training images; the far neighbours do not change the votes.
        Assert.Equal(75.0, Evaluate(new KnnOptions())["top1"], 9);
    }

    [Fact]
    public void BlocksOfOneRowGiveTheSameResultAsOneBlock()
    {
        var generator = new Generator(9, CPU);
        using var train = new ImageSet(randint(0, 256, new long[] { 40, 1, 2, 2 }, dtype: ScalarType.Byte, generator: generator), randint(0, 6, new long[] { 40 }, dtype: ScalarType.Int64, generator: generator));
        using var test = new ImageSet(randint(0, 256, new long[] { 25, 1, 2, 2 }, dtype: ScalarType.Byte, generator: generator), randint(0, 6, new long[] { 25 }, dtype: ScalarType.Int64, generator: generator));
        var data = LossTestContext.Create(numClasses: 6).RequireData();
        var context = new EvaluationContext(new KnnTestFeatures(4), train, test, data, 1);

        var whole = Knn(new KnnOptions { K = 10, BlockSize = 1024 }).Evaluate(context).Metrics;
        var single = Knn(new KnnOptions { K = 10, BlockSize = 1 }).Evaluate(context).Metrics;
        var uneven = Knn(new KnnOptions { K = 10, BlockSize = 7 }).Evaluate(context).Metrics;

        Assert.Equal(whole["top1"], single["top1"]);
        Assert.Equal(whole["top5"], single["top5"]);
        Assert.Equal(whole["top1"], uneven["top1"]);
        Assert.InRange(whole["top1"], 0, 100);
        Assert.True(whole["top5"] >= whole["top1"]);

        // The evaluator leaves the caller's image sets intact.
        Assert.Equal(40, train.Labels!.shape[0]);
        Assert.Equal(25L, test.Labels!.numel());
    }

    [Fact]
    public void LabelFreeSplitsAreRefused()
    {
        using var train = new ImageSet(zeros(new long[] { 2, 1, 1, 2 }, dtype: ScalarType.Byte), null);
        using var test = new ImageSet(zeros(new long[] { 2, 1, 1, 2 }, dtype: ScalarType.Byte), tensor(new long[] { 0, 1 }));
        var context = new EvaluationContext(new KnnTestFeatures(2), train, test, LossTestContext.Create().RequireData(), 1);

        var error = Assert.Throws<InvalidOperationException>(() => Knn(new KnnOptions()).Evaluate(context));
        Assert.Contains("labels", error.Message);
    }

    private static KnnEvaluator Knn(KnnOptions options) => new(options, LossTestContext.Create());

    private static IReadOnlyDictionary<string, double> Evaluate(KnnOptions options)
    {
        using var train = new ImageSet(tensor(TrainPoints).reshape(6, 1, 1, 2), tensor(TrainLabels));
        using var test = new ImageSet(tensor(TestPoints).reshape(4, 1, 1, 2), tensor(TestLabels));
        var context = new EvaluationContext(new KnnTestFeatures(2), train, test, LossTestContext.Create().RequireData(), 1);
        var evaluator = Knn(options);
        Assert.Equal("knn", evaluator.Protocol);
        return evaluator.Evaluate(context).Metrics;
    }
}
