using SimLap.Contracts.Evaluation;
using SimLap.Plugins.Core.Evaluators;
using SimLap.Plugins.Core.Tests.TestSupport;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Evaluators;

public sealed class SpectrumEvaluatorTests
{

    [Fact]
    public void ADiagonalCovarianceGivesTheHandComputedEffectiveRank()
    {

        // Columns s_j * h_j with h_j orthogonal zero-mean +-1 columns of an 8x8 Hadamard matrix: the covariance is exactly
        // diag(s_j^2 * 8 / 7), so the singular values are proportional to s^2 = [64, 16, 4, 0] (times 100).
        var hadamard = Hadamard8();
        var scales = new double[] { 8, 4, 2, 0 };
        var table = stack(Enumerable.Range(0, 4).Select(j => hadamard.select(1, j + 1).mul(scales[j])).ToArray(), 1).to(ScalarType.Float32);
        var context = Context(table);
        var result = Spectrum(new SpectrumOptions { Space = FeatureSpace.Feature }).Evaluate(context);

        var p = new[] { 64.0, 16, 4 }.Select(v => v / 84).ToArray();
        var expected = Math.Exp(-p.Sum(v => v * Math.Log(v)));
        Assert.Equal(expected, result.Metrics["effective_rank"], 9);
        Assert.Equal(3, result.Metrics["dims_above_threshold"]);
        Assert.Equal(64.0 / 84, result.Metrics["top_singular_value_ratio"], 9);
        Assert.Equal(4, result.Metrics["dims"]);
        var values = SpectrumEvaluator.CovarianceSpectrum(table);
        Assert.Equal(64 * 8.0 / 7, values[0], 6);
        Assert.Equal(4 * 8.0 / 7, values[2], 6);

        var png = Assert.Single(result.Artifacts);
        Assert.EndsWith("spectrum-feature-epoch001.png", png);
        using var bitmap = EvaluatorTestData.DecodePng(png);

        // Text really renders: the title band (centred, top) and the rotated y-axis title (left edge) have dark pixels,
        // while a patch of empty plot area has none.
        Assert.True(EvaluatorTestData.DarkShare(bitmap, 300, 5, 600, 30) > 0.02, "no title text");
        Assert.True(EvaluatorTestData.DarkShare(bitmap, 5, 150, 25, 400) > 0.01, "no y-axis title");
        Assert.True(EvaluatorTestData.DarkShare(bitmap, 400, 200, 500, 260) < 0.01, "the plot area is not blank");
    }

    [Fact]
    public void FeaturesOfRankRHaveRDimensionsAboveTheThreshold()
    {
        var generator = new Generator(5, CPU);
        foreach (var rank in new[] { 1, 3, 7 })
        {
            var table = randn(new long[] { 200, rank }, generator: generator).matmul(randn(new long[] { rank, 16 }, generator: generator)).to(ScalarType.Float64);
            var metrics = Spectrum(new SpectrumOptions()).Evaluate(Context(table)).Metrics;
            Assert.Equal(rank, metrics["dims_above_threshold"]);
            Assert.InRange(metrics["effective_rank"], 1.0 - 1e-9, rank + 1e-9);
        }

        // Isotropic noise: nearly full effective rank.
        var isotropic = Spectrum(new SpectrumOptions()).Evaluate(Context(randn(new long[] { 4000, 8 }, generator: generator))).Metrics;
        Assert.InRange(isotropic["effective_rank"], 7.8, 8.0);
        Assert.Equal(8, isotropic["dims_above_threshold"]);
    }

    [Fact]
    public void EmbeddingSpaceUsesTheEmbedderAndFallsBackToTheEncoder()
    {
        var encoder = new TableFeatures(randn(20, 3));
        var embedder = new TableFeatures(randn(20, 5));
        using var train = TableFeatures.Images(0, 10, zeros(10, dtype: ScalarType.Int64));
        using var test = TableFeatures.Images(10, 10, zeros(10, dtype: ScalarType.Int64));
        var data = LossTestContext.Create().RequireData();
        var directory = EvaluatorTestData.TempDirectory();
        var with = new EvaluationContext(encoder, train, test, data, 2) { Embedder = embedder, WorkDirectory = directory };
        var evaluator = Spectrum(new SpectrumOptions());
        Assert.Equal("spectrum", evaluator.Protocol);
        Assert.Equal(5, evaluator.Evaluate(with).Metrics["dims"]);
        Assert.Equal(3, evaluator.Evaluate(with with { Embedder = null }).Metrics["dims"]);
        Assert.Equal(3, Spectrum(new SpectrumOptions { Space = FeatureSpace.Feature }).Evaluate(with).Metrics["dims"]);
    }

    internal static Tensor Hadamard8()
    {
        var h = tensor(new double[,] { { 1, 1 }, { 1, -1 } });
        return kron(kron(h, h), h);
    }

    private static EvaluationContext Context(Tensor table)
    {
        var n = table.shape[0];
        var labels = zeros(n, dtype: ScalarType.Int64);
        var data = LossTestContext.Create().RequireData();
        return new EvaluationContext(new TableFeatures(table), TableFeatures.Images(0, n, labels), TableFeatures.Images(0, n, labels), data, 1) { WorkDirectory = EvaluatorTestData.TempDirectory() };
    }

    private static SpectrumEvaluator Spectrum(SpectrumOptions options) => new(options, LossTestContext.Create());
}
