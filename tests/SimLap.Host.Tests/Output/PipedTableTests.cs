namespace SimLap.Host.Tests;

/// <summary>Tables written to a pipe (the test reads stdout through one) are laid out wide, never cut at 80 columns.</summary>
public sealed partial class PipedTableTests
{
    private static readonly Dictionary<string, string?> NoColumns = new() { ["COLUMNS"] = null };

    [Fact]
    public void DescribeTrainPipedKeepsEveryOptionNameWhole()
    {
        using var workspace = new TestWorkspace();

        var result = CliRunner.Run(workspace.Path, ["describe", "train"], NoColumns);

        CliAssert.ExitCode(result, 0);
        CliAssert.StdoutContains(result, "steps_per_epoch", "batch_size", "log_every", "prefetch_threads", "learning rate");
        Assert.Contains(result.StandardOutput.Split('\n'), line => line.Length > 80);
    }

    [Fact]
    public void PluginsPipedKeepsThePluginNameWhole()
    {
        using var workspace = new TestWorkspace();

        var result = CliRunner.Run(workspace.Path, ["plugins"], NoColumns);

        CliAssert.ExitCode(result, 0);
        CliAssert.StdoutContains(result, "SimLap.Plugins.Core", "multi-positive", "resnet18-cifar");
    }

    [Fact]
    public void ColumnsIsHonouredWhenSet()
    {
        using var workspace = new TestWorkspace();

        var result = CliRunner.Run(workspace.Path, ["describe", "train"], new Dictionary<string, string?> { ["COLUMNS"] = "120" });

        CliAssert.ExitCode(result, 0);
        Assert.All(result.StandardOutput.Split('\n'), line => Assert.True(line.Length <= 120, $"a line of {line.Length} columns: {line}"));
        Assert.Contains(result.StandardOutput.Split('\n'), line => line.Length > 80);
    }

    [Theory]
    [InlineData("describe", "train")]
    [InlineData("plugins")]
    public void PipedTablesFitColumnsWithoutCuttingAToken(params string[] command)
    {
        using var workspace = new TestWorkspace();

        var wide = CliRunner.Run(workspace.Path, command, Columns(200));
        var narrow = CliRunner.Run(workspace.Path, command, Columns(80));

        CliAssert.ExitCode(wide, 0);
        CliAssert.ExitCode(narrow, 0);
        AssertFits(wide.StandardOutput, 200);
        AssertFits(narrow.StandardOutput, 80);
        AssertSameTokens(wide.StandardOutput, narrow.StandardOutput);
    }

    [Fact]
    public void PipedDescribeAt80ColumnsKeepsEveryOptionNameOnItsLine()
    {
        using var workspace = new TestWorkspace();

        var result = CliRunner.Run(workspace.Path, ["describe", "train"], Columns(80));

        CliAssert.ExitCode(result, 0);
        var tokens = Tokens(result.StandardOutput);
        Assert.Contains("steps_per_epoch", tokens);
        Assert.Contains("prefetch_threads", tokens);
        Assert.DoesNotContain('…', result.StandardOutput);
        Assert.DoesNotContain('│', result.StandardOutput);
    }

    [Fact]
    public void PipedCompareWithSeveralMetricsKeepsEveryHeaderWholeAt80Columns()
    {
        using var workspace = new TestWorkspace();
        var store = new SimLap.Tracking.LocalFileStore(workspace.Combine("store"));
        foreach (var (overrides, value) in new[] { ("loss.type=supcon pairs.type=identical head.type=open", 0.70), ("loss.type=multi-positive pairs.type=arbitrary", 0.74) })
        {
            using var run = store.StartLocalRun("cmp", overrides);
            run.LogParam("overrides", overrides);
            run.LogMetric("eval/knn/top1", value, 1);
            run.LogMetric("eval/knn/top5", value + 0.2, 1);
            run.LogMetric("eval/linear-probe/top1", value + 0.1, 1);
            run.End(SimLap.Tracking.RunStatus.Finished);
        }

        string[] compare = ["compare", "--experiment", "cmp", "--by", "overrides", "--metric", "eval/knn/top1,eval/knn/top5,eval/linear-probe/top1", "--tracking-uri", "./store"];
        var wide = CliRunner.Run(workspace.Path, compare, Columns(200));
        var narrow = CliRunner.Run(workspace.Path, compare, Columns(80));

        CliAssert.ExitCode(narrow, 0);
        AssertFits(narrow.StandardOutput, 80);
        AssertSameTokens(wide.StandardOutput, narrow.StandardOutput);
        var tokens = Tokens(narrow.StandardOutput);
        Assert.Contains("eval/knn/top1", tokens);
        Assert.Contains("eval/knn/top5", tokens);
        Assert.Contains("eval/linear-probe/top1", tokens);
        Assert.Contains("head.type=open", tokens);
        Assert.DoesNotContain('…', narrow.StandardOutput);
    }

    [Fact]
    public void PipedSweepSummaryAt80ColumnsKeepsItsHeadersWhole()
    {
        using var workspace = new TestWorkspace();
        workspace.WriteTinyExperiment();
        var sweep = workspace.Write("sweep.yaml", "extends: [tiny.yaml]\ntrain: { epochs: 1 }\nsweep:\n  seeds: [1, 2]\n");

        var result = CliRunner.Run(workspace.Path, ["run", sweep, "--quiet"], Columns(80));

        CliAssert.ExitCode(result, 0);
        AssertFits(result.StandardOutput, 80);
        var tokens = Tokens(result.StandardOutput);
        Assert.Contains("overrides", tokens);
        Assert.Contains("eval/knn/top1", tokens);
        Assert.Contains("seed=2", tokens);
        Assert.DoesNotContain('…', result.StandardOutput);
    }

    private static Dictionary<string, string?> Columns(int columns) => new() { ["COLUMNS"] = columns.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    /// <summary>The words of <paramref name="text"/>, a list label's colon (<c>overrides:</c>) left off.</summary>
    private static string[] Tokens(string text) => text.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Select(t => t.TrimEnd(':')).ToArray();

    /// <summary>
    /// No line is wider than <paramref name="columns"/>, but for a single token that is (nothing can be done without
    /// cutting it) and for <c>simlap plugins</c>' pin lines (<c>  Name: &lt;64 hex digits&gt;</c>), kept whole on purpose to be pasted into plugins.pin.
    /// </summary>
    private static void AssertFits(string output, int columns) =>
        Assert.All(
            output.Split('\n').Where(line => !PinLine().IsMatch(line)),
            line => Assert.True(line.Length <= columns || !line.Trim().Contains(' ', StringComparison.Ordinal), $"a line of {line.Length} > {columns} columns: {line}"));

    [System.Text.RegularExpressions.GeneratedRegex("^  [A-Za-z0-9.]+: [0-9a-f]{64}$")]
    private static partial System.Text.RegularExpressions.Regex PinLine();

    /// <summary>
    /// The narrow output has the same words as the wide one: a token cut in two would be two new words. Only the list
    /// layout's labels (<c>header:</c>) and the rulers under headers may differ.
    /// </summary>
    private static void AssertSameTokens(string wide, string narrow)
    {
        static IEnumerable<string> Words(string text) => Tokens(text).Where(t => t.Trim('-').Length > 0);
        var wideWords = Words(wide).ToHashSet(StringComparer.Ordinal);
        var narrowWords = Words(narrow).ToHashSet(StringComparer.Ordinal);
        Assert.Empty(narrowWords.Except(wideWords));
        Assert.Empty(wideWords.Except(narrowWords));
    }
}
