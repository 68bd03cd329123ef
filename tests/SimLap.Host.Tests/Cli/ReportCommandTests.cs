using SimLap.Tracking;
using SkiaSharp;

namespace SimLap.Host.Tests;

/// <summary><c>simlap report</c>: one Markdown file with the table, bar charts and curves over seeds, from a store the test fills.</summary>
public sealed class ReportCommandTests
{
    [Fact]
    public void ReportWritesTheTableBarChartsAndFewShotAndCorruptionCurves()
    {
        using var workspace = new TestWorkspace();
        Fill(workspace);

        var result = CliRunner.Run(workspace.Path, ["report", "--experiment", "rep", "--by", "loss.type", "--metric", "eval/knn/top1,eval/linear/top1", "--out", "out/report.md", "--tracking-uri", "./store"]);

        CliAssert.ExitCode(result, 0);
        CliAssert.NoError(result);
        var report = File.ReadAllText(workspace.Combine("out", "report.md"));
        Assert.Contains("# rep", report, StringComparison.Ordinal);
        Assert.Contains("| loss.type | n | eval/knn/top1 | eval/linear/top1 |", report, StringComparison.Ordinal);
        Assert.Contains("| infonce | 2 | 72.0000 ± 2.8284 | 82.0000 ± 2.8284 |", report, StringComparison.Ordinal);
        Assert.Contains("| triplet | 2 | 60.0000 ± 2.8284 | 70.0000 ± 2.8284 |", report, StringComparison.Ordinal);

        // Few-shot: run means per shot count, averaged over the group's seeds (infonce at 5 shots: 50 and 54).
        Assert.Contains("| infonce | 30.00 ± 2.83 (n=2) | 52.00 ± 2.83 (n=2) |", report, StringComparison.Ordinal);

        // Corruption: clean at severity 0, then the mean over corruptions per severity (infonce seed 1 at s1: (60 + 50) / 2).
        Assert.Contains("| group | severity 0 | severity 1 | severity 2 |", report, StringComparison.Ordinal);
        Assert.Contains("| infonce | 72.00 ± 2.83 (n=2) | 57.00 ± 2.83 (n=2) | 47.00 ± 2.83 (n=2) |", report, StringComparison.Ordinal);

        var images = System.Text.RegularExpressions.Regex.Matches(report, @"!\[[^\]]*\]\(([^)]+\.png)\)").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(4, images.Count);
        foreach (var image in images)
        {
            var path = workspace.Combine("out", image);
            Assert.True(File.Exists(path), $"The report links '{image}', which was not written beside it.");
            using var bitmap = SKBitmap.Decode(path);
            Assert.NotNull(bitmap);
            Assert.True(bitmap.Width >= 600 && bitmap.Height >= 400, $"{image} is {bitmap.Width}x{bitmap.Height}");
        }
    }

    [Fact]
    public void ReportWithAnUnknownMetricIsExit2WithTheNearestOne()
    {
        using var workspace = new TestWorkspace();
        Fill(workspace);

        var result = CliRunner.Run(workspace.Path, ["report", "--experiment", "rep", "--metric", "eval/knn/top2", "--tracking-uri", "./store"]);

        CliAssert.ExitCode(result, 2);
        CliAssert.StderrContains(result, "'eval/knn/top2'", "Did you mean 'eval/knn/top1'?");
        Assert.False(File.Exists(workspace.Combine("report.md")));
    }

    private static void Fill(TestWorkspace workspace)
    {
        var store = new LocalFileStore(workspace.Combine("store"));
        foreach (var (loss, seed, top1) in new[] { ("infonce", 1, 70.0), ("infonce", 2, 74.0), ("triplet", 1, 58.0), ("triplet", 2, 62.0) })
        {
            using var run = store.StartLocalRun("rep", $"{loss}-{seed}");
            run.LogParam("loss.type", loss);
            run.LogParam("seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
            run.LogMetric("eval/knn/top1", top1, 1);
            run.LogMetric("eval/linear/top1", top1 + 10, 1);
            run.LogMetric("eval/few-shot/shots_1/mean", top1 - 42, 1);
            run.LogMetric("eval/few-shot/shots_5/mean", top1 - 20, 1);
            run.LogMetric("eval/corruption/clean_top1", top1, 1);
            run.LogMetric("eval/corruption/gaussian_noise/s1", top1 - 10, 1);
            run.LogMetric("eval/corruption/fog/s1", top1 - 20, 1);
            run.LogMetric("eval/corruption/gaussian_noise/s2", top1 - 20, 1);
            run.LogMetric("eval/corruption/fog/s2", top1 - 30, 1);
            run.End(RunStatus.Finished);
        }
    }
}
