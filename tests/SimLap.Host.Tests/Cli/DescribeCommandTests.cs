namespace SimLap.Host.Tests;

/// <summary><c>simlap describe</c>: a component's options with their types and defaults.</summary>
public sealed class DescribeCommandTests
{
    [Fact]
    public void DescribeSimlapGateListsEachOptionWithItsDefault()
    {
        using var workspace = new TestWorkspace();

        var result = CliRunner.Run(workspace.Path, "describe", "simlap-gate");

        CliAssert.ExitCode(result, 0);
        CliAssert.NoError(result);
        CliAssert.StdoutContains(result, "head: { type: simlap-gate }", "SimLap.Plugins.Core");
        CliAssert.HasRow(result, "key", "type", "default");
        CliAssert.HasRow(result, "embed", "integer", "512");
        CliAssert.HasRow(result, "hidden", "integer", "1024");
        CliAssert.HasRow(result, "fuse", "true|false", "true");
        CliAssert.HasRow(result, "penalty", "number", "0");
    }

    [Fact]
    public void DescribeTrainListsTheEngineSectionsOptionsAndPointsToItsNestedOne()
    {
        using var workspace = new TestWorkspace();

        var result = CliRunner.Run(workspace.Path, "describe", "train");

        CliAssert.ExitCode(result, 0);
        CliAssert.NoError(result);
        CliAssert.StdoutContains(result, "train: · SimLap.Engine");
        CliAssert.HasRow(result, "epochs", "integer", "10");
        CliAssert.HasRow(result, "log_every", "integer", "10");
        CliAssert.HasRow(result, "prefetch", "integer", "unset");
        CliAssert.HasRow(result, "optimizer", "mapping", "see simlap describe train.optimizer");

        var optimizer = CliRunner.Run(workspace.Path, "describe", "train.optimizer");
        CliAssert.ExitCode(optimizer, 0);
        CliAssert.HasRow(optimizer, "lr", "number", "0.001");
    }

    [Fact]
    public void DescribeMisspeltEngineSectionSuggestsIt()
    {
        using var workspace = new TestWorkspace();

        var result = CliRunner.Run(workspace.Path, "describe", "trian");

        CliAssert.ExitCode(result, 2);
        CliAssert.StderrContains(result, "Did you mean 'train'?", "the engine's sections: experiment, train, train.optimizer, checkpoint, tracking.");
    }

    [Fact]
    public void DescribeTypoExitsWithConfigurationErrorAndADidYouMean()
    {
        using var workspace = new TestWorkspace();

        var result = CliRunner.Run(workspace.Path, "describe", "simlap-gat");

        CliAssert.ExitCode(result, 2);
        CliAssert.NoStackTrace(result);
        CliAssert.SingleError(result);
        CliAssert.StderrContains(result, "no component is named 'simlap-gat'.", "Did you mean 'simlap-gate'?", "Installed:", "knn");
    }
}
