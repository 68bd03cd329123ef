using YamlDotNet.RepresentationModel;

namespace SimLap.Host.Tests;

/// <summary><c>simlap validate</c>: resolves and checks without training or tracking.</summary>
public sealed class ValidateCommandTests
{
    /// <summary>Every experiment shipped in experiments/, except the fragments in base/ that are only extended.</summary>
    public static TheoryData<string> ShippedExperiments
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var file in Directory.EnumerateFiles(CliRunner.ExperimentsDirectory, "*.yaml", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(CliRunner.ExperimentsDirectory, f))
                .Where(f => !f.StartsWith("base" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                // samples/ need plugins built outside the solution (plugins/samples); SamplePluginTests builds and runs them.
                .Where(f => !f.StartsWith("samples" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal))
            {
                data.Add(file);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(ShippedExperiments))]
    public void ValidateShippedExperimentIsValid(string relativePath)
    {
        using var workspace = new TestWorkspace();

        var result = CliRunner.Run(workspace.Path, "validate", Path.Combine(CliRunner.ExperimentsDirectory, relativePath));

        CliAssert.ExitCode(result, 0);
        CliAssert.NoError(result);
        CliAssert.StdoutContains(result, "valid:");
    }

    [Fact]
    public void ValidateQuickstartListsEverySectionsTypeAndTracksNothing()
    {
        using var workspace = new TestWorkspace();
        var quickstart = Path.Combine(CliRunner.ExperimentsDirectory, "quickstart.yaml");

        var result = CliRunner.Run(workspace.Path, "validate", quickstart);

        CliAssert.ExitCode(result, 0);
        CliAssert.NoError(result);
        CliAssert.HasRow(result, "data", "synthetic");
        CliAssert.HasRow(result, "augment", "simclr");
        CliAssert.HasRow(result, "backbone", "small-cnn");
        CliAssert.HasRow(result, "projector", "mlp");
        CliAssert.HasRow(result, "pairs", "arbitrary");
        CliAssert.HasRow(result, "head", "simlap-gate");
        CliAssert.HasRow(result, "loss", "multi-positive");
        CliAssert.HasRow(result, "eval.0", "knn");

        // The summary line carries the quickstart's own training settings.
        var train = (YamlMappingNode)((YamlMappingNode)MlrunsStore.ParseYaml(File.ReadAllText(quickstart))).Children[new YamlScalarNode("train")];
        var epochs = ((YamlScalarNode)train.Children[new YamlScalarNode("epochs")]).Value;
        var batch = ((YamlScalarNode)train.Children[new YamlScalarNode("batch_size")]).Value;
        CliAssert.StdoutContains(result, "valid:", $"{epochs} epochs of batch {batch}");
        Assert.False(Directory.Exists(workspace.MlrunsPath), "validate created ./mlruns.");
    }

    [Fact]
    public void ValidateUnknownKeyPointsAtTheKeyWithADidYouMean()
    {
        using var workspace = new TestWorkspace();
        workspace.WriteTinyExperiment();
        var bad = workspace.Write("bad.yaml", """
            # A typo in the head section: 'fusee' for 'fuse'.
            extends: tiny.yaml
            head:
              type: simlap-gate
              fusee: true
            """);

        var result = CliRunner.Run(workspace.Path, "validate", bad);

        CliAssert.ExitCode(result, 2);
        CliAssert.NoStackTrace(result);
        CliAssert.SingleError(result);
        CliAssert.StderrContains(result, "bad.yaml:5:3:", "unknown key 'head.fusee'", "Did you mean 'fuse'?");
        Assert.Empty(result.StandardOutput.Trim());
        Assert.False(Directory.Exists(workspace.MlrunsPath), "validate created ./mlruns.");
    }

    [Fact]
    public void ValidateOverridesAreAppliedAndReported()
    {
        using var workspace = new TestWorkspace();
        var experiment = workspace.WriteTinyExperiment();

        var result = CliRunner.Run(workspace.Path, "validate", experiment, "--set", "train.epochs=3", "--set", "loss.temperature=0.5");

        CliAssert.ExitCode(result, 0);
        CliAssert.StdoutContains(result, "3 epochs of batch 16", "temperature=0.5");
        Assert.False(Directory.Exists(workspace.MlrunsPath), "validate created ./mlruns.");
    }
}
