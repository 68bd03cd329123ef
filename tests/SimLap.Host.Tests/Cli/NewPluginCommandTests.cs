namespace SimLap.Host.Tests;

/// <summary>
/// <c>simlap new plugin</c>: the scaffold builds against the packed contracts (a local feed), its xunit test passes,
/// the plugin loads in the real CLI through SIMLAP_PLUGIN_PATH and its example experiment runs. A plugin built against
/// the next major version of the contracts is refused by name and versions while the others still load.
/// </summary>
[Collection(PluginSdkCollection.Name)]
public sealed class NewPluginCommandTests(PluginSdkFixture sdk)
{
    private static readonly string[] TinyOverrides =
    [
        "--set", "data.image_size=16", "--set", "data.shapes=2", "--set", "data.colours=2", "--set", "data.train_per_class=16",
        "--set", "data.test_per_class=8", "--set", "backbone.widths=[8,16]", "--set", "projector.hidden=32", "--set", "projector.out=16",
        "--set", "train.epochs=1", "--set", "train.batch_size=16", "--set", "eval.0.k=5",
    ];

    [Fact]
    public void AScaffoldedPluginBuildsAgainstThePackedContractsPassesItsTestAndRunsInTheHost()
    {
        using var workspace = new TestWorkspace();

        var created = CliRunner.Run(workspace.Path, "new", "plugin", "Acme.Losses", "--feed", sdk.Feed);

        CliAssert.ExitCode(created, 0);
        CliAssert.NoError(created);
        CliAssert.StdoutContains(created, "Created plugin Acme.Losses", $"SimLap.Contracts {sdk.ContractsPackageVersion}");
        var root = workspace.Combine("Acme.Losses");
        var project = File.ReadAllText(Path.Combine(root, "src", "Acme.Losses", "Acme.Losses.csproj"));
        Assert.Contains("<EnableDynamicLoading>true</EnableDynamicLoading>", project, StringComparison.Ordinal);
        Assert.Contains("<PackageReference Include=\"SimLap.Contracts\" ExcludeAssets=\"runtime;native\" />", project, StringComparison.Ordinal);
        Assert.Contains("<PackageReference Include=\"TorchSharp\" ExcludeAssets=\"runtime;native\" />", project, StringComparison.Ordinal);
        Assert.Contains(sdk.Feed, File.ReadAllText(Path.Combine(root, "nuget.config")), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(root, "README.md")));

        sdk.Build(root);
        var tested = DotnetCli.Run(root, ["test", root, "--no-build", .. sdk.RestoreProperties]);

        CliAssert.ExitCode(tested, 0);
        CliAssert.StdoutContains(tested, "Failed:0,Passed:2");
        var output = Path.Combine(root, "src", "Acme.Losses", "bin", "Debug", "net10.0");
        Assert.False(File.Exists(Path.Combine(output, "SimLap.Contracts.dll")), "the contracts were copied into the plugin's output");
        Assert.False(File.Exists(Path.Combine(output, "TorchSharp.dll")), "TorchSharp was copied into the plugin's output");
        Assert.False(Directory.Exists(Path.Combine(output, "runtimes")), "native libraries were copied into the plugin's output");
        var plugins = workspace.Combine("plugins");
        var dll = PluginFolders.Install(output, plugins, "Acme.Losses");
        var environment = new Dictionary<string, string?> { ["SIMLAP_PLUGIN_PATH"] = plugins };

        var listed = CliRunner.Run(workspace.Path, ["plugins"], environment);

        CliAssert.ExitCode(listed, 0);
        CliAssert.NoError(listed);
        CliAssert.HasRow(listed, "loss", "align-uniform", "Acme.Losses");
        CliAssert.StdoutContains(listed, $"Acme.Losses: {PluginFolders.FolderSha256(dll)}");

        var run = CliRunner.Run(root, ["run", "experiments/align-uniform.yaml", .. TinyOverrides], environment);

        CliAssert.ExitCode(run, 0);
        var folder = Assert.Single(new MlrunsStore(Path.Combine(root, "mlruns")).RunFolders());
        Assert.Equal(MlrunsStore.Finished, MlrunsStore.Status(folder));
        Assert.StartsWith("align-uniform (Acme.Losses 0.1.0)", MlrunsStore.ReadValue(folder, "tags", "simlap.component.loss"), StringComparison.Ordinal);
        Assert.NotEmpty(MlrunsStore.ReadMetric(folder, "train/uniformity"));
    }

    [Fact]
    public void APluginBuiltAgainstTheNextContractsMajorIsRefusedNamingBothVersionsWhileOthersLoad()
    {
        using var workspace = new TestWorkspace();

        var created = CliRunner.Run(workspace.Path, "new", "plugin", "Future.Plugin", "--feed", sdk.Feed, "--contracts-version", sdk.NextMajorPackageVersion);

        CliAssert.ExitCode(created, 0);
        CliAssert.StdoutContains(created, "will refuse the plugin");
        var root = workspace.Combine("Future.Plugin");
        sdk.Build(Path.Combine(root, "src", "Future.Plugin", "Future.Plugin.csproj"));
        var plugins = workspace.Combine("plugins");
        PluginFolders.Install(Path.Combine(root, "src", "Future.Plugin", "bin", "Debug", "net10.0"), plugins, "Future.Plugin");
        PluginFolders.Install(PluginFolders.TestPluginOutput("SimLap.Plugins.TestKit"), plugins, "SimLap.Plugins.TestKit");
        var environment = new Dictionary<string, string?> { ["SIMLAP_PLUGIN_PATH"] = plugins };
        var next = sdk.NextMajorPackageVersion.Split('.')[0];

        var listed = CliRunner.Run(workspace.Path, ["plugins"], environment);

        CliAssert.ExitCode(listed, 0);
        CliAssert.StderrContains(listed, "Plugin Future.Plugin (", $"was not loaded: it was built against SimLap.Contracts {next}.0, but this host provides {SimLap.Contracts.ContractsVersion.Text}; rebuild the plugin against contracts {SimLap.Contracts.ContractsVersion.Major}.x.");
        CliAssert.StdoutContains(listed, "nan-loss", "SimLap.Plugins.TestKit:");
        Assert.DoesNotContain("align-uniform", listed.StandardOutput, StringComparison.Ordinal);

        var experiment = workspace.WriteTinyExperiment();
        var validated = CliRunner.Run(workspace.Path, ["validate", experiment, "--set", "loss={type: nan-loss}"], environment);

        CliAssert.ExitCode(validated, 0);
        CliAssert.StdoutContains(validated, "valid:");
    }
}
