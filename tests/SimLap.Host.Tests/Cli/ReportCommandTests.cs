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

    [Fact]
    public void ReportWithABaselineShowsThePairedDifferencesOverTheSameSeeds()
    {
        using var workspace = new TestWorkspace();
        Fill(workspace);

        var result = CliRunner.Run(workspace.Path, ["report", "--experiment", "rep", "--by", "loss.type", "--metric", "eval/knn/top1", "--baseline", "triplet", "--tracking-uri", "./store"]);

        CliAssert.ExitCode(result, 0);
        var report = File.ReadAllText(workspace.Combine("report.md"));

        // Seed 1: 70 - 58 = 12, seed 2: 74 - 62 = 12: a mean of 12 with no spread.
        Assert.Contains("## Paired differences against triplet", report, StringComparison.Ordinal);
        Assert.Contains("| loss.type | Δ eval/knn/top1 |\n| --- | ---: |\n| infonce | +12.0000 ± 0.0000 (n=2, exceeds spread) |\n", report, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportAsHtmlIsOneFileWithTheTablesAndTheChartsEmbedded()
    {
        using var workspace = new TestWorkspace();
        Fill(workspace);

        var result = CliRunner.Run(workspace.Path, ["report", "--experiment", "rep", "--by", "loss.type", "--metric", "eval/knn/top1", "--baseline", "triplet", "--format", "html", "--out", "out/rep.html", "--tracking-uri", "./store"]);

        CliAssert.ExitCode(result, 0);
        Assert.Equal(["rep.html"], Directory.GetFiles(workspace.Combine("out")).Select(Path.GetFileName));
        var html = File.ReadAllText(workspace.Combine("out", "rep.html"));
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<h1>rep</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>infonce</td><td class=\"num\">2</td><td class=\"num\">72.0000 ± 2.8284</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>infonce</td><td class=\"num\">+12.0000 ± 0.0000 (n=2, exceeds spread)</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("grouped by <code>loss.type</code>", html, StringComparison.Ordinal);
        var images = System.Text.RegularExpressions.Regex.Matches(html, "src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(3, images.Count);
        foreach (var image in images)
        {
            using var bitmap = SKBitmap.Decode(Convert.FromBase64String(image));
            Assert.NotNull(bitmap);
            Assert.True(bitmap.Width >= 600 && bitmap.Height >= 400, $"an embedded chart is {bitmap.Width}x{bitmap.Height}");
        }
    }

    [Fact]
    public void ReportWithLabelsAndDecimalsHasAMethodColumnAndTheAskedPrecision()
    {
        using var workspace = new TestWorkspace();
        Fill(workspace);

        var result = CliRunner.Run(workspace.Path, ["report", "--experiment", "rep", "--by", "loss.type", "--metric", "eval/knn/top1,eval/linear/top1", "--label", "infonce=InfoNCE (0)", "--label", "triplet=Triplet (1)", "--decimals", "1,2", "--tracking-uri", "./store"]);
        var bad = CliRunner.Run(workspace.Path, ["report", "--experiment", "rep", "--by", "loss.type", "--label", "infonce", "--tracking-uri", "./store"]);
        var digits = CliRunner.Run(workspace.Path, ["report", "--experiment", "rep", "--decimals", "2,x", "--tracking-uri", "./store"]);

        CliAssert.ExitCode(result, 0);
        var report = File.ReadAllText(workspace.Combine("report.md"));
        Assert.Contains("| method | n | eval/knn/top1 | eval/linear/top1 |", report, StringComparison.Ordinal);
        Assert.Contains("| InfoNCE (0) | 2 | 72.0 ± 2.8 | 82.00 ± 2.83 |", report, StringComparison.Ordinal);
        Assert.Contains("| Triplet (1) | 2 | 60.0 ± 2.8 | 70.00 ± 2.83 |", report, StringComparison.Ordinal);
        CliAssert.ExitCode(bad, 2);
        CliAssert.StderrContains(bad, "--label 'infonce' is not GROUP=TEXT");
        CliAssert.ExitCode(digits, 2);
        CliAssert.StderrContains(digits, "--decimals '2,x' is not a number from 0 to 10");
    }

    [Fact]
    public void ReportWithAnUnknownBaselineOrAMismatchedOutFileIsExit2SayingWhy()
    {
        using var workspace = new TestWorkspace();
        Fill(workspace);

        var baseline = CliRunner.Run(workspace.Path, ["report", "--experiment", "rep", "--by", "loss.type", "--baseline", "triplt", "--tracking-uri", "./store"]);
        var mismatch = CliRunner.Run(workspace.Path, ["report", "--experiment", "rep", "--format", "html", "--out", "rep.md", "--tracking-uri", "./store"]);

        CliAssert.ExitCode(baseline, 2);
        CliAssert.NoStackTrace(baseline);
        CliAssert.StderrContains(baseline, "--baseline 'triplt'", "Did you mean 'triplet'?", "The groups are: infonce; triplet.");
        CliAssert.ExitCode(mismatch, 2);
        CliAssert.StderrContains(mismatch, "--out 'rep.md' must end in .html or .htm");
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
