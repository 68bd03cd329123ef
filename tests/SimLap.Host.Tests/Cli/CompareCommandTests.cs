using System.Globalization;
using System.Text.Json;
using SimLap.Tracking;

namespace SimLap.Host.Tests;

/// <summary><c>simlap compare</c> on a local store the test fills.</summary>
public sealed class CompareCommandTests
{
    [Fact]
    public void CompareCsvGroupsRunsWithMeanStdAndCount()
    {
        using var workspace = new TestWorkspace();
        Fill(workspace);

        var result = CliRunner.Run(workspace.Path, ["compare", "--experiment", "cmp", "--by", "loss.type", "--format", "csv", "--tracking-uri", "./store"]);

        CliAssert.ExitCode(result, 0);
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("loss.type,count,mean,std,min,max,without_metric", lines[0]);
        var infonce = lines[1].Split(',');
        Assert.Equal("infonce", infonce[0]);
        Assert.Equal("3", infonce[1]);
        Assert.Equal(0.72, double.Parse(infonce[2], CultureInfo.InvariantCulture), 10);
        Assert.Equal(0.02, double.Parse(infonce[3], CultureInfo.InvariantCulture), 10);
        var triplet = lines[2].Split(',');
        Assert.Equal(["triplet", "1"], triplet[..2]);
        Assert.Equal(string.Empty, triplet[3]);
        Assert.Equal(3, lines.Length);
    }

    [Fact]
    public void CompareJsonAndMarkdownAndTableShowTheSameGroups()
    {
        using var workspace = new TestWorkspace();
        Fill(workspace);
        string[] common = ["compare", "--experiment", "cmp", "--by", "loss.type", "--tracking-uri", "./store"];

        var json = CliRunner.Run(workspace.Path, [.. common, "--format", "json"]);
        var markdown = CliRunner.Run(workspace.Path, [.. common, "--format", "markdown"]);
        var table = CliRunner.Run(workspace.Path, common);

        CliAssert.ExitCode(json, 0);
        using var document = JsonDocument.Parse(json.StandardOutput);
        var groups = document.RootElement.GetProperty("groups");
        Assert.Equal("infonce", groups[0].GetProperty("values").GetProperty("loss.type").GetString());
        Assert.Equal(3, groups[0].GetProperty("count").GetInt32());
        Assert.Equal(JsonValueKind.Null, groups[1].GetProperty("std").ValueKind);
        CliAssert.ExitCode(markdown, 0);
        Assert.StartsWith("| loss.type | n | mean ± std |", markdown.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("| infonce | 3 | 0.7200 ± 0.0200 |", markdown.StandardOutput, StringComparison.Ordinal);
        CliAssert.ExitCode(table, 0);
        CliAssert.StdoutContains(table, "infonce", "0.7200 ± 0.0200", "triplet", "0.6000");
    }

    [Fact]
    public void CompareWithoutExperimentOrAnUnknownOneIsAUsageError()
    {
        using var workspace = new TestWorkspace();
        Fill(workspace);

        var missing = CliRunner.Run(workspace.Path, ["compare", "--tracking-uri", "./store"]);
        var unknown = CliRunner.Run(workspace.Path, ["compare", "--experiment", "nope", "--tracking-uri", "./store"]);

        CliAssert.ExitCode(missing, 2);
        CliAssert.StderrContains(missing, "--experiment");
        CliAssert.ExitCode(unknown, 2);
        CliAssert.StderrContains(unknown, "'nope'");
        CliAssert.NoStackTrace(unknown);
    }

    [Fact]
    public void CompareWithParentTakesOnlyThatSweepsTrials()
    {
        using var workspace = new TestWorkspace();
        Fill(workspace);
        var store = new LocalFileStore(workspace.Combine("store"));
        using var parent = store.StartLocalRun("cmp", "sweep");
        foreach (var value in new[] { 0.50, 0.54 })
        {
            using var child = store.StartLocalRun("cmp", "trial", new Dictionary<string, string> { ["mlflow.parentRunId"] = parent.RunId });
            child.LogParam("loss.type", "infonce");
            child.LogMetric("eval/knn/top1", value, 1);
            child.End(RunStatus.Finished);
        }

        parent.End(RunStatus.Finished);

        var result = CliRunner.Run(workspace.Path, ["compare", "--experiment", "cmp", "--parent", parent.RunId, "--by", "loss.type", "--format", "csv", "--tracking-uri", "./store"]);
        var unknown = CliRunner.Run(workspace.Path, ["compare", "--experiment", "cmp", "--parent", "0123456789abcdef0123456789abcdef", "--tracking-uri", "./store"]);

        CliAssert.ExitCode(result, 0);
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        var infonce = lines[1].Split(',');
        Assert.Equal(["infonce", "2"], infonce[..2]);
        Assert.Equal(0.52, double.Parse(infonce[2], CultureInfo.InvariantCulture), 10);
        CliAssert.ExitCode(unknown, 2);
        CliAssert.StderrContains(unknown, "no runs nested under that run");
    }

    [Fact]
    public void CompareTwoMetricsPrintsAColumnOfValuesForEach()
    {
        using var workspace = new TestWorkspace();
        Fill(workspace);
        string[] common = ["compare", "--experiment", "cmp", "--by", "loss.type", "--metric", "eval/knn/top1,eval/linear/top1", "--tracking-uri", "./store"];

        var table = CliRunner.Run(workspace.Path, common);
        var markdown = CliRunner.Run(workspace.Path, [.. common, "--format", "markdown"]);
        var csv = CliRunner.Run(workspace.Path, [.. common, "--format", "csv"]);

        CliAssert.ExitCode(table, 0);
        CliAssert.StdoutContains(table, "eval/knn/top1", "eval/linear/top1", "0.7200 ± 0.0200", "0.8200 ± 0.0200", "0.6000", "0.7000");
        CliAssert.ExitCode(markdown, 0);
        Assert.StartsWith("| loss.type | n | eval/knn/top1 | eval/linear/top1 |", markdown.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("| infonce | 3 | 0.7200 ± 0.0200 | 0.8200 ± 0.0200 |", markdown.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("| triplet | 1 | 0.6000 | 0.7000 |", markdown.StandardOutput, StringComparison.Ordinal);
        CliAssert.ExitCode(csv, 0);
        var lines = csv.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("loss.type,n,eval/knn/top1 mean,eval/knn/top1 std,eval/knn/top1 n,", lines[0], StringComparison.Ordinal);
        var infonce = lines[1].Split(',');
        Assert.Equal(0.82, double.Parse(infonce[7], CultureInfo.InvariantCulture), 10);
    }

    [Fact]
    public void CompareUnknownMetricOrByKeyIsExit2WithTheNearestKeyTheRunsHave()
    {
        using var workspace = new TestWorkspace();
        Fill(workspace);

        var metric = CliRunner.Run(workspace.Path, ["compare", "--experiment", "cmp", "--metric", "eval/knn/top1,eval/linaer/top1", "--tracking-uri", "./store"]);
        var by = CliRunner.Run(workspace.Path, ["compare", "--experiment", "cmp", "--by", "loss.typ", "--tracking-uri", "./store"]);

        CliAssert.ExitCode(metric, 2);
        CliAssert.StderrContains(metric, "'eval/linaer/top1'", "Did you mean 'eval/linear/top1'?");
        Assert.DoesNotContain("-", metric.StandardOutput.Trim(), StringComparison.Ordinal);
        CliAssert.NoStackTrace(metric);
        CliAssert.ExitCode(by, 2);
        CliAssert.StderrContains(by, "'loss.typ'", "Did you mean 'loss.type'?");
    }

    private static void Fill(TestWorkspace workspace)
    {
        var store = new LocalFileStore(workspace.Combine("store"));
        foreach (var (loss, value) in new[] { ("infonce", 0.70), ("infonce", 0.74), ("infonce", 0.72), ("triplet", 0.60) })
        {
            using var run = store.StartLocalRun("cmp", loss);
            run.LogParam("loss.type", loss);
            run.LogMetric("eval/knn/top1", value, 1);
            run.LogMetric("eval/linear/top1", value + 0.1, 1);
            run.End(RunStatus.Finished);
        }
    }
}
