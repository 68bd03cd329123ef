namespace SimLap.Host.Tests;

/// <summary>When output is not a terminal (CI, files), progress is plain lines, one per epoch, with no terminal control codes; --quiet leaves only the summary.</summary>
public sealed class PlainOutputTests
{
    [Fact]
    public void RedirectedOutputHasOnePlainLinePerEpochAndNoEscapeCodes()
    {
        using var workspace = new TestWorkspace();
        var experiment = workspace.WriteTinyExperiment();

        var result = CliRunner.Run(workspace.Path, "run", experiment, "--set", "train.epochs=3");

        CliAssert.ExitCode(result, 0);
        Assert.DoesNotContain('\u001b', result.StandardOutput);
        var epochLines = result.StandardOutput.Split('\n').Where(l => l.StartsWith("epoch ", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, epochLines.Count);
        Assert.All(epochLines.Select((line, i) => (line, i)), e => Assert.StartsWith($"epoch {e.i + 1}/3: loss ", e.line));
        Assert.Contains("images/s", epochLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void QuietPrintsOnlyTheSummary()
    {
        using var workspace = new TestWorkspace();
        var experiment = workspace.WriteTinyExperiment();

        var result = CliRunner.Run(workspace.Path, "run", experiment, "--set", "train.epochs=2", "--quiet");

        CliAssert.ExitCode(result, 0);
        Assert.DoesNotContain("epoch 1/2", result.StandardOutput, StringComparison.Ordinal);
        CliAssert.StdoutContains(result, "final loss", "eval/knn/top1");
    }
}
