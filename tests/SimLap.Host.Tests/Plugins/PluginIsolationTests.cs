namespace SimLap.Host.Tests;

/// <summary>
/// tests/plugins/SimLap.Plugins.Isolation ships YamlDotNet 13.x and implements its IYamlTypeConverter (changed in 15.x)
/// while the host runs YamlDotNet 18.x: it loads and works because assemblies other than the contracts', TorchSharp's
/// and logging's stay private to a plugin. It registers 'alignment' like SimLap.Plugins.TestKit, so together they
/// make an ambiguous name that an experiment resolves with a plugin qualifier.
/// </summary>
public sealed class PluginIsolationTests
{
    private const string Isolation = "SimLap.Plugins.Isolation";
    private const string TestKit = "SimLap.Plugins.TestKit";

    [Fact]
    public void APluginWithAnOlderYamlDotNetThanTheHostLoadsAndRunsWithItsOwnCopy()
    {
        using var workspace = new TestWorkspace();
        var plugins = workspace.Combine("plugins");
        PluginFolders.Install(PluginFolders.TestPluginOutput(Isolation), plugins, Isolation);
        workspace.Write("weights.yaml", "weight: 50%\n");
        var experiment = workspace.WriteTinyExperiment();
        File.AppendAllText(experiment, "loss:\n  type: alignment\n  weights: weights.yaml\n");

        var result = CliRunner.Run(workspace.Path, ["run", experiment], new Dictionary<string, string?> { ["SIMLAP_PLUGIN_PATH"] = plugins });

        CliAssert.ExitCode(result, 0);
        CliAssert.NoError(result);
        var run = Assert.Single(new MlrunsStore(workspace.MlrunsPath).RunFolders());
        Assert.Equal(MlrunsStore.Finished, MlrunsStore.Status(run));
        Assert.All(MlrunsStore.ReadMetric(run, "train/yamldotnet_major"), p => Assert.Equal(13.0, p.Value));
        Assert.All(MlrunsStore.ReadMetric(run, "train/alignment_weight"), p => Assert.Equal(0.5, p.Value, 6));
        Assert.NotEmpty(MlrunsStore.ReadMetric(run, "train/yamldotnet_major"));
    }

    [Fact]
    public void ANameTwoPluginsRegisterIsAnErrorNamingBothAssembliesUnlessQualifiedWithThePlugin()
    {
        using var workspace = new TestWorkspace();
        var plugins = workspace.Combine("plugins");
        var isolation = PluginFolders.Install(PluginFolders.TestPluginOutput(Isolation), plugins, Isolation);
        var testKit = PluginFolders.Install(PluginFolders.TestPluginOutput(TestKit), plugins, TestKit);
        var environment = new Dictionary<string, string?> { ["SIMLAP_PLUGIN_PATH"] = plugins };
        var experiment = workspace.WriteTinyExperiment();

        var ambiguous = CliRunner.Run(workspace.Path, ["validate", experiment, "--set", "loss.type=alignment"], environment);

        CliAssert.ExitCode(ambiguous, 2);
        CliAssert.NoStackTrace(ambiguous);
        CliAssert.StderrContains(ambiguous, "loss type 'alignment' is ambiguous: it is registered by", isolation, testKit, $"'{Isolation}:alignment'", $"'{TestKit}:alignment'");

        var qualified = CliRunner.Run(workspace.Path, ["validate", experiment, "--set", $"loss.type={TestKit}:alignment"], environment);

        CliAssert.ExitCode(qualified, 0);
        CliAssert.StdoutContains(qualified, "valid:");

        var described = CliRunner.Run(workspace.Path, ["describe", "alignment"], environment);

        CliAssert.ExitCode(described, 0);
        CliAssert.StdoutContains(described, $"loss: {{ type: {Isolation}:alignment }}", $"loss: {{ type: {TestKit}:alignment }}", "weights", "registered by 2 plugins");
    }
}
