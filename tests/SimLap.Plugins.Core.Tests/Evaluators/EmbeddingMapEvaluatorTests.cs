using SimLap.Contracts.Data;
using SimLap.Contracts.Evaluation;
using SimLap.Plugins.Core.Evaluators;
using SimLap.Plugins.Core.Tests.TestSupport;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Evaluators;

public sealed class EmbeddingMapEvaluatorTests
{
    [Theory]
    [InlineData(5)]
    [InlineData(16)]
    public void ExplainedVarianceIsTheHandComputedShare(int dim)
    {
        // Columns 3 h_1 and h_2 of an 8x8 Hadamard matrix (orthogonal, zero-mean, +-1), rotated into `dim` dimensions by
        // a random orthonormal basis: the covariance has eigenvalues proportional to 9 and 1, so PC 1 explains 90% and
        // PC 2 10%, and the coordinates are +-3 h_1 and +-h_2. With 16 dimensions (more than the 8 samples) the Gram path runs.
        var hadamard = SpectrumEvaluatorTests.Hadamard8();
        var planar = stack([hadamard.select(1, 1).mul(3), hadamard.select(1, 2)], 1);
        var basis = linalg.qr(randn(new long[] { dim, dim }, dtype: ScalarType.Float64, generator: new Generator(4, CPU))).Q.narrow(1, 0, 2);
        var table = planar.matmul(basis.t()).add(5);
        var (coordinates, shares) = EmbeddingMapEvaluator.PrincipalComponents(table.to(ScalarType.Float32));
        Assert.Equal(0.9, shares[0], 6);
        Assert.Equal(0.1, shares[1], 6);
        var pc1 = coordinates.select(1, 0);
        var pc2 = coordinates.select(1, 1);
        Assert.True(pc1.abs().allclose(hadamard.select(1, 1).abs().mul(3), rtol: 0, atol: 1e-4));
        Assert.True(pc2.abs().allclose(hadamard.select(1, 2).abs(), rtol: 0, atol: 1e-4));

        // Through the evaluator, in %; one class, so no silhouette.
        var metrics = Map(new EmbeddingMapOptions()).Evaluate(Context(table.to(ScalarType.Float32))).Metrics;
        Assert.Equal(90, metrics["explained_variance_1"], 4);
        Assert.Equal(10, metrics["explained_variance_2"], 4);
        Assert.False(metrics.ContainsKey("silhouette_2d"));
    }

    [Fact]
    public void PointsOnALineArePC1()
    {
        var generator = new Generator(7, CPU);
        var direction = nn.functional.normalize(randn(new long[] { 1, 12 }, generator: generator), dim: 1);
        var t = randn(new long[] { 500, 1 }, generator: generator).mul(4);
        var table = t.matmul(direction).add(randn(new long[] { 500, 12 }, generator: generator).mul(1e-3));
        var (coordinates, shares) = EmbeddingMapEvaluator.PrincipalComponents(table, batchSize: 64);
        Assert.InRange(shares[0], 0.9999, 1.0);
        Assert.InRange(shares[1], 0, 1e-4);

        // PC 1 recovers t up to sign (and the mean).
        var recovered = coordinates.select(1, 0);
        var centred = t.squeeze(1).to(ScalarType.Float64).sub(t.mean());
        var correlation = recovered.mul(centred).sum().div(recovered.norm().mul(centred.norm())).item<double>();
        Assert.InRange(Math.Abs(correlation), 0.99999, 1.0 + 1e-9);

        // Batch size does not change the answer.
        var (whole, wholeShares) = EmbeddingMapEvaluator.PrincipalComponents(table, batchSize: 100000);
        Assert.Equal(shares[0], wholeShares[0], 9);
        Assert.True(whole.allclose(coordinates, rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void DegenerateInputsGiveZeroSharesAndPaddedCoordinates()
    {
        var (constant, constantShares) = EmbeddingMapEvaluator.PrincipalComponents(ones(6, 3));
        Assert.Equal(new[] { 0.0, 0.0 }, constantShares);
        Assert.Equal(0, constant.abs().max().item<double>());

        var (line, lineShares) = EmbeddingMapEvaluator.PrincipalComponents(arange(5, dtype: ScalarType.Float32).unsqueeze(1));
        Assert.Equal(new long[] { 5, 2 }, line.shape);
        Assert.Equal(1.0, lineShares[0], 9);
        Assert.Equal(0.0, lineShares[1]);
        Assert.Equal(new[] { 2.0, 1, 0, -1, -2 }.Select(Math.Abs), line.select(1, 0).abs().data<double>().ToArray());
    }

    [Fact]
    public void SilhouetteMatchesABruteForceReference()
    {
        var generator = new Generator(11, CPU);
        var points = randn(new long[] { 37, 2 }, dtype: ScalarType.Float64, generator: generator);
        var labels = tensor(Enumerable.Range(0, 37).Select(i => (long)(i % 4 == 3 ? 9 : i % 3)).ToArray());
        labels[36] = tensor(5L); // a class of one sample scores 0
        var expected = BruteForceSilhouette(points, labels);
        Assert.Equal(expected, EmbeddingMapEvaluator.Silhouette(points, labels, batchSize: 5)!.Value, 9);
        Assert.Equal(expected, EmbeddingMapEvaluator.Silhouette(points, labels)!.Value, 9);

        Assert.Null(EmbeddingMapEvaluator.Silhouette(points, zeros(37, dtype: ScalarType.Int64)));
        Assert.Null(EmbeddingMapEvaluator.Silhouette(points, arange(37, dtype: ScalarType.Int64)));
    }

    [Fact]
    public void SeparableClustersGiveAHighSilhouetteAndALegendPlot()
    {
        var context = EvaluatorTestData.Clusters(classes: 3, trainPerClass: 5, testPerClass: 60, dim: 6, separation: 12);
        var evaluator = Map(new EmbeddingMapOptions());
        Assert.Equal("embedding-map", evaluator.Protocol);
        var result = evaluator.Evaluate(context);
        var m = result.Metrics;

        // Three clusters at 12 e_c: the class means span a plane that holds almost all the variance.
        Assert.InRange(m["explained_variance_1"] + m["explained_variance_2"], 90, 100);
        Assert.True(m["explained_variance_1"] >= m["explained_variance_2"]);
        Assert.InRange(m["silhouette_2d"], 0.75, 1.0);
        Assert.Equal(new[] { "explained_variance_1", "explained_variance_2", "silhouette_2d" }, m.Keys.Order(StringComparer.Ordinal).ToArray());

        // The clusters' features, no projector: the embedding space falls back to the encoder ("feature").
        var png = Assert.Single(result.Artifacts);
        Assert.EndsWith("embedding-map-feature-epoch001.png", png);
        using var bitmap = EvaluatorTestData.DecodePng(png);
        Assert.True(EvaluatorTestData.DarkShare(bitmap, 300, 5, 600, 30) > 0.02, "no title text");
        Assert.True(EvaluatorTestData.DarkShare(bitmap, 5, 150, 25, 400) > 0.01, "no y-axis title");
        Assert.True(ColouredShare(bitmap) > 0.002, "no coloured points");

        // Random labels: no class structure in the map.
        var shuffled = EvaluatorTestData.Clusters(classes: 3, trainPerClass: 5, testPerClass: 60, dim: 6, separation: 12, shuffleLabels: true);
        Assert.InRange(Map(new EmbeddingMapOptions()).Evaluate(shuffled).Metrics["silhouette_2d"], -0.3, 0.2);
    }

    [Fact]
    public void AxisTitlesCarryTheExplainedVarianceAndClassNamesTheLegend()
    {
        var coordinates = tensor(new double[,] { { 0, 0 }, { 1, 1 }, { 2, 0 } });
        var labels = tensor(new long[] { 0, 1, 1 });
        var metrics = new Dictionary<string, double> { ["explained_variance_1"] = 71.26, ["explained_variance_2"] = 20 };
        var model = EmbeddingMapEvaluator.Plot(coordinates, labels, 2, ["cat", "dog"], metrics, "embedding", 4);
        Assert.Equal(["PC 1 (71.3% variance)", "PC 2 (20.0% variance)"], model.Axes.Select(a => a.Title).ToArray());
        Assert.Equal(["cat", "dog"], model.Series.Select(s => s.Title).ToArray());
        Assert.Equal([1, 2], model.Series.OfType<OxyPlot.Series.ScatterSeries>().Select(s => s.Points.Count).ToArray());

        // More than 20 classes: one series coloured through a class-index colour axis, no legend entries.
        var many = EmbeddingMapEvaluator.Plot(coordinates, labels, 30, [], metrics, "feature", 4);
        Assert.Null(Assert.Single(many.Series).Title);
        Assert.Contains(many.Axes, a => a is OxyPlot.Axes.LinearColorAxis);
    }

    [Fact]
    public void ManyClassesLabelFreeDataAndSubsetsRender()
    {
        var generator = new Generator(2, CPU);
        var table = randn(new long[] { 300, 4 }, generator: generator);
        var labels = arange(30, dtype: ScalarType.Int64).repeat(10);
        var data = LossTestContext.Create(numClasses: 30).RequireData();
        var encoder = new TableFeatures(table);
        var embedder = new TableFeatures(table.narrow(1, 0, 3));
        var directory = EvaluatorTestData.TempDirectory();
        var many = new EvaluationContext(encoder, TableFeatures.Images(0, 300, labels), TableFeatures.Images(0, 300, labels), data, 12) { Embedder = embedder, WorkDirectory = directory };
        var result = Map(new EmbeddingMapOptions { MaxSamples = 100 }).Evaluate(many);
        Assert.Contains("silhouette_2d", result.Metrics.Keys);
        var png = Assert.Single(result.Artifacts);
        Assert.EndsWith("embedding-map-embedding-epoch012.png", png);
        using (var bitmap = EvaluatorTestData.DecodePng(png))
        {
            Assert.True(ColouredShare(bitmap) > 0.001, "no coloured points");
        }

        // Seeded subset: the same numbers again.
        Assert.Equal(result.Metrics, Map(new EmbeddingMapOptions { MaxSamples = 100 }).Evaluate(many).Metrics);

        var labelFree = new EvaluationContext(encoder, new ImageSet(many.Train.Images, null), new ImageSet(many.Test.Images, null), data, 12) { WorkDirectory = directory };
        var free = Map(new EmbeddingMapOptions { Space = FeatureSpace.Feature, Silhouette = true }).Evaluate(labelFree);
        Assert.Equal(2, free.Metrics.Count);
        Assert.EndsWith("embedding-map-feature-epoch012.png", Assert.Single(free.Artifacts));
    }

    private static double BruteForceSilhouette(Tensor points, Tensor labels)
    {
        var x = points.data<double>().ToArray();
        var y = labels.data<long>().ToArray();
        var n = y.Length;
        double Distance(int i, int j) => Math.Sqrt(Math.Pow(x[2 * i] - x[2 * j], 2) + Math.Pow(x[(2 * i) + 1] - x[(2 * j) + 1], 2));
        var total = 0.0;
        for (var i = 0; i < n; i++)
        {
            var same = Enumerable.Range(0, n).Where(j => j != i && y[j] == y[i]).ToList();
            if (same.Count == 0)
            {
                continue;
            }

            var a = same.Average(j => Distance(i, j));
            var b = y.Distinct().Where(c => c != y[i]).Min(c => Enumerable.Range(0, n).Where(j => y[j] == c).Average(j => Distance(i, j)));
            total += (b - a) / Math.Max(a, b);
        }

        return total / n;
    }

    private static double ColouredShare(SkiaSharp.SKBitmap bitmap)
    {
        var coloured = 0;
        for (var y = 0; y < bitmap.Height; y += 2)
        {
            for (var x = 0; x < bitmap.Width; x += 2)
            {
                var c = bitmap.GetPixel(x, y);
                if (Math.Max(c.Red, Math.Max(c.Green, c.Blue)) - Math.Min(c.Red, Math.Min(c.Green, c.Blue)) > 60)
                {
                    coloured++;
                }
            }
        }

        return coloured / (bitmap.Width * bitmap.Height / 4.0);
    }

    private static EvaluationContext Context(Tensor table)
    {
        var n = table.shape[0];
        var labels = zeros(n, dtype: ScalarType.Int64);
        var data = LossTestContext.Create().RequireData();
        return new EvaluationContext(new TableFeatures(table), TableFeatures.Images(0, n, labels), TableFeatures.Images(0, n, labels), data, 1) { WorkDirectory = EvaluatorTestData.TempDirectory() };
    }

    private static EmbeddingMapEvaluator Map(EmbeddingMapOptions options) => new(options, LossTestContext.Create());
}
