namespace SimLap.Host.Tests;

/// <summary>
/// plugins/samples/SimLap.Samples.CosineMargin, built outside the solution against the packed contracts (a package
/// reference to the local feed), dropped in a plugin folder and run through the real CLI by experiments/samples/cosine-margin.yaml.
/// </summary>
[Collection(PluginSdkCollection.Name)]
public sealed class SamplePluginTests(PluginSdkFixture sdk)
{
    private const string Name = "SimLap.Samples.CosineMargin";

    [Fact]
    public void TheSamplePluginBuildsFromTheFeedAndItsExperimentRunsPinnedThroughTheCLI()
    {
        using var workspace = new TestWorkspace();
        var plugins = workspace.Combine("plugins");
        var output = Path.Combine(plugins, Name);
        var project = Path.Combine(CliRunner.RepoRoot, "plugins", "samples", Name, Name + ".csproj");
        Assert.DoesNotContain("ProjectReference", File.ReadAllText(project), StringComparison.Ordinal);

        sdk.Build(
            project,
            $"-p:SimLapContractsVersion={sdk.ContractsPackageVersion}",
            $"-p:RestoreSources={sdk.Feed}%3Bhttps://api.nuget.org/v3/index.json",
            $"-p:OutputPath={output}/",
            $"-p:BaseIntermediateOutputPath={workspace.Combine("obj")}/");

        var dll = Path.Combine(output, Name + ".dll");
        Assert.True(File.Exists(dll), $"no {dll}");
        Assert.False(File.Exists(Path.Combine(output, "SimLap.Contracts.dll")), "the contracts were copied into the plugin's output");
        Assert.False(File.Exists(Path.Combine(output, "TorchSharp.dll")), "TorchSharp was copied into the plugin's output");
        var experiment = workspace.WriteTinyExperiment(extends: "samples/cosine-margin.yaml");
        var sha = PluginFolders.FolderSha256(dll);
        File.AppendAllText(experiment, $"plugins:\n  paths: [{TestWorkspace.Quote(plugins)}]\n  pin: {{ {Name}: {sha} }}\n");

        var result = CliRunner.Run(workspace.Path, "run", experiment);

        CliAssert.ExitCode(result, 0);
        CliAssert.NoError(result);
        var run = Assert.Single(new MlrunsStore(workspace.MlrunsPath).RunFolders());
        Assert.Equal(MlrunsStore.Finished, MlrunsStore.Status(run));
        Assert.StartsWith($"cosine-margin ({Name} 1.0.0)", MlrunsStore.ReadValue(run, "tags", "simlap.component.loss"), StringComparison.Ordinal);
        Assert.Contains($"sha256:{sha}", MlrunsStore.ReadValue(run, "tags", $"simlap.plugin.{Name}"), StringComparison.Ordinal);
        var cosines = MlrunsStore.ReadMetric(run, "train/positive_cosine");
        Assert.NotEmpty(cosines);
        Assert.All(cosines, p => Assert.InRange(p.Value, -1.0, 1.0));
        Assert.All(MlrunsStore.ReadMetric(run, "train/loss"), p => Assert.True(double.IsFinite(p.Value)));
    }
}
