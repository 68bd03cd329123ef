using SimLap.Tracking;
using SkiaSharp;

namespace SimLap.Host.Tests;

/// <summary><c>simlap compare --plot</c>: a bar chart of the groups with error bars, as a PNG.</summary>
public sealed class ComparePlotTests
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public void PlotWritesAPngBarChartAndKeepsStdoutForTheFormat()
    {
        using var workspace = new TestWorkspace();
        Fill(workspace);

        var result = CliRunner.Run(
            workspace.Path,
            ["compare", "--experiment", "cmp", "--by", "loss.type,pairs.type", "--format", "csv", "--plot", "charts/out.png", "--tracking-uri", "./store"]);

        CliAssert.ExitCode(result, 0);
        Assert.StartsWith("loss.type,pairs.type,count,mean,std", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(4, result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var path = workspace.Combine("charts", "out.png");
        CliAssert.StderrContains(result, path);
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(PngSignature, bytes[..PngSignature.Length]);
        using var bitmap = SKBitmap.Decode(bytes);
        Assert.NotNull(bitmap);
        Assert.Equal(900, bitmap.Width);
        Assert.Equal(560, bitmap.Height);
        Assert.True(Count(bitmap, IsBar) > 2000, "the bars (filled blue) are drawn");
        Assert.True(Count(bitmap, IsText) > 500, "the title, labels and ticks (dark text) are drawn");
    }

    [Fact]
    public void PlotWithoutPngExtensionOrWithoutTheMetricIsAUsageError()
    {
        using var workspace = new TestWorkspace();
        Fill(workspace);
        string[] common = ["compare", "--experiment", "cmp", "--by", "loss.type", "--tracking-uri", "./store"];

        var notPng = CliRunner.Run(workspace.Path, [.. common, "--plot", "out.svg"]);
        var noMetric = CliRunner.Run(workspace.Path, [.. common, "--metric", "eval/none", "--plot", "out.png"]);

        CliAssert.ExitCode(notPng, 2);
        CliAssert.StderrContains(notPng, "--plot", ".png");
        CliAssert.ExitCode(noMetric, 2);
        CliAssert.StderrContains(noMetric, "eval/none");
        CliAssert.NoStackTrace(noMetric);
        Assert.False(File.Exists(workspace.Combine("out.svg")));
        Assert.False(File.Exists(workspace.Combine("out.png")));
    }

    private static bool IsBar(SKColor colour) => colour.Red is >= 60 and <= 90 && colour.Green is >= 100 and <= 130 && colour.Blue is >= 160 and <= 190;

    private static bool IsText(SKColor colour) => colour.Red < 80 && colour.Green < 80 && colour.Blue < 80;

    private static int Count(SKBitmap bitmap, Func<SKColor, bool> match)
    {
        var count = 0;
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                if (match(bitmap.GetPixel(x, y)))
                {
                    count++;
                }
            }
        }

        return count;
    }

    private static void Fill(TestWorkspace workspace)
    {
        var store = new LocalFileStore(workspace.Combine("store"));
        var runs = new[]
        {
            ("infonce", "class-conditional-positives", 0.70), ("infonce", "class-conditional-positives", 0.74), ("infonce", "class-conditional-positives", 0.72),
            ("triplet", "hard-negative-mining", 0.60), ("triplet", "hard-negative-mining", 0.64),
            ("supervised-contrastive", "augmented-views", 0.81),
        };
        foreach (var (loss, pairs, value) in runs)
        {
            using var run = store.StartLocalRun("cmp", loss);
            run.LogParam("loss.type", loss);
            run.LogParam("pairs.type", pairs);
            run.LogMetric("eval/knn/top1", value, 1);
            run.End(RunStatus.Finished);
        }
    }
}
