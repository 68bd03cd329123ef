using SimLap.Contracts.Data;
using SimLap.Contracts.Evaluation;
using SimLap.Plugins.Core.Evaluators;
using SimLap.Plugins.Core.Evaluators.Corruptions;
using SimLap.Plugins.Core.Tests.TestSupport;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Evaluators;

public sealed class CorruptionEvaluatorTests
{

    [Theory]
    [InlineData(ProbeClassifier.Ridge)]
    [InlineData(ProbeClassifier.Knn)]
    public void CleanColourClassesAreRecognisedAndEveryCorruptionIsReported(ProbeClassifier classifier)
    {
        var context = ColourClasses();
        var evaluator = new CorruptionEvaluator(new CorruptionOptions { Classifier = classifier, K = 10 }, LossTestContext.Create());
        Assert.Equal("corruption", evaluator.Protocol);
        var result = evaluator.Evaluate(context);
        var m = result.Metrics;

        Assert.Equal(100, m["clean_top1"]);
        foreach (var corruption in Enum.GetValues<Corruption>())
        {
            var name = CorruptionParameters.Name(corruption);
            for (var s = 1; s <= 5; s++)
            {
                Assert.InRange(m[$"{name}/s{s}"], 0, 100);
            }

            Assert.Equal(Enumerable.Range(1, 5).Average(s => m[$"{name}/s{s}"]), m[$"{name}/mean"], 9);
        }

        Assert.Equal(13 * 6 + 5, m.Count);
        Assert.Equal(100 - m["mean_corruption_top1"], m["mean_corruption_error"], 9);
        Assert.Equal(m["clean_top1"] - m["mean_corruption_top1"], m["corruption_error_gap"], 9);

        // Relative CE by hand: mean over corruptions of sum_s (E_s - E_clean) / sum_s (E_chance - E_clean), chance 75% error.
        var expected = Enum.GetValues<Corruption>().Average(c => 100 * Enumerable.Range(1, 5).Sum(s => 100 - m[$"{CorruptionParameters.Name(c)}/s{s}"]) / (5 * 75.0));
        Assert.Equal(expected, m["relative_corruption_error"], 9);

        // Strong noise hurts colour classes less than nothing at all: the corrupted accuracy is below clean somewhere.
        Assert.True(m["mean_corruption_top1"] <= 100);
        using var bitmap = EvaluatorTestData.DecodePng(Assert.Single(result.Artifacts), 1100, 620);
    }

    [Fact]
    public void ChosenCorruptionsAndSeveritiesOnly()
    {
        var context = ColourClasses();
        var options = new CorruptionOptions { Corruptions = [Corruption.Contrast, Corruption.GaussianNoise], Severities = [5, 1] };
        var first = new CorruptionEvaluator(options, LossTestContext.Create()).Evaluate(context).Metrics;
        Assert.Equal(
            new[] { "clean_top1", "contrast/mean", "contrast/s1", "contrast/s5", "corruption_error_gap", "gaussian_noise/mean", "gaussian_noise/s1", "gaussian_noise/s5", "mean_corruption_error", "mean_corruption_top1", "relative_corruption_error" },
            first.Keys.Order(StringComparer.Ordinal).ToArray());

        // Seeded from the component's generator: the same numbers for the same seed.
        var second = new CorruptionEvaluator(options, LossTestContext.Create()).Evaluate(context).Metrics;
        Assert.Equal(first, second);
    }

    /// <summary>4 classes of 3x8x8 images of one colour each plus noise; the features are the pixels.</summary>
    private static EvaluationContext ColourClasses()
    {
        var generator = new Generator(17, CPU);
        var colours = tensor(new float[,] { { 200, 60, 60 }, { 60, 200, 60 }, { 60, 60, 200 }, { 180, 180, 60 } });
        ImageSet Make(int perClass)
        {
            var labels = arange(4, dtype: ScalarType.Int64).repeat_interleave(perClass);
            var images = colours.index_select(0, labels).view(-1, 3, 1, 1).expand(-1, 3, 8, 8)
                .add(randn(new long[] { labels.shape[0], 3, 8, 8 }, generator: generator).mul(20)).clamp(0, 255).to(ScalarType.Byte);
            return new ImageSet(images, labels);
        }

        var data = LossTestContext.Create(numClasses: 4).RequireData();
        return new EvaluationContext(new KnnTestFeatures(192), Make(20), Make(10), data, 3) { WorkDirectory = EvaluatorTestData.TempDirectory() };
    }
}
