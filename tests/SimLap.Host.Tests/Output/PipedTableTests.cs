namespace SimLap.Host.Tests;

/// <summary>Tables written to a pipe (the test reads stdout through one) are laid out wide, never cut at 80 columns.</summary>
public sealed class PipedTableTests
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
}
