using SimLap.Contracts.Data;
using SimLap.Contracts.Evaluation;
using SimLap.Plugins.Core.Tests.TestSupport;
using SkiaSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Evaluators;

/// <summary>Synthetic features with known answers for the evaluator tests, and PNG checks.</summary>
internal static class EvaluatorTestData
{
    /// <summary>
    /// Gaussian clusters: class c has mean <paramref name="separation"/> * e_c (in <paramref name="dim"/> dimensions) and
    /// unit noise; <paramref name="shuffleLabels"/> replaces the labels by random ones (chance level).
    /// </summary>
    public static EvaluationContext Clusters(int classes, int trainPerClass, int testPerClass, int dim, double separation, long seed = 3, bool shuffleLabels = false, string? workDirectory = null)
    {
        var generator = new Generator((ulong)seed, CPU);
        var total = classes * (trainPerClass + testPerClass);
        var trainLabels = arange(classes, dtype: ScalarType.Int64).repeat_interleave(trainPerClass);
        var testLabels = arange(classes, dtype: ScalarType.Int64).repeat_interleave(testPerClass);
        var labels = cat([trainLabels, testLabels]);
        var means = eye(classes, dim, dtype: ScalarType.Float32).mul(separation);
        var table = means.index_select(0, labels).add(randn(new long[] { total, dim }, generator: generator));
        if (shuffleLabels)
        {
            trainLabels = randint(0, classes, new long[] { trainLabels.shape[0] }, dtype: ScalarType.Int64, generator: generator);
            testLabels = randint(0, classes, new long[] { testLabels.shape[0] }, dtype: ScalarType.Int64, generator: generator);
        }

        var extractor = new TableFeatures(table);
        var train = TableFeatures.Images(0, trainLabels.shape[0], trainLabels);
        var test = TableFeatures.Images(trainLabels.shape[0], testLabels.shape[0], testLabels);
        var data = LossTestContext.Create(numClasses: classes).RequireData();
        return new EvaluationContext(extractor, train, test, data, 1) { WorkDirectory = workDirectory ?? TempDirectory() };
    }

    /// <summary>A fresh temporary folder.</summary>
    public static string TempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "simlap-eval-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Checks the PNG signature and decodes the file with SkiaSharp; returns the bitmap.</summary>
    public static SKBitmap DecodePng(string path, int width = 900, int height = 560)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 8);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        var bitmap = SKBitmap.Decode(bytes);
        Assert.NotNull(bitmap);
        Assert.Equal(width, bitmap.Width);
        Assert.Equal(height, bitmap.Height);
        return bitmap;
    }

    /// <summary>The share of dark pixels (text, axes, lines) in a rectangle of a bitmap.</summary>
    public static double DarkShare(SKBitmap bitmap, int left, int top, int right, int bottom)
    {
        var dark = 0;
        for (var y = top; y < bottom; y++)
        {
            for (var x = left; x < right; x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (c.Red + c.Green + c.Blue < 300)
                {
                    dark++;
                }
            }
        }

        return dark / (double)((right - left) * (bottom - top));
    }
}
