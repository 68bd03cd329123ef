namespace SimLap.Host.Tests;

/// <summary>Plugins that are broken in one way each are reported with the plugin's and the component's name; the others still work.</summary>
public sealed class PluginFailureReportTests
{
    private const string Isolation = "SimLap.Plugins.Isolation";
    private const string TestKit = "SimLap.Plugins.TestKit";

    [Fact]
    public void APluginMissingADependencyIsReportedWithItsComponentsAndTheOthersStillWork()
    {
        using var workspace = new TestWorkspace();
        var plugins = workspace.Combine("plugins");
        PluginFolders.Install(PluginFolders.TestPluginOutput(Isolation), plugins, Isolation, "YamlDotNet.dll");
        PluginFolders.Install(PluginFolders.TestPluginOutput(TestKit), plugins, TestKit);
        var environment = new Dictionary<string, string?> { ["SIMLAP_PLUGIN_PATH"] = plugins };
        var experiment = workspace.WriteTinyExperiment();

        var listed = CliRunner.Run(workspace.Path, ["plugins"], environment);

        CliAssert.ExitCode(listed, 0);
        CliAssert.StderrContains(listed, $"Plugin {Isolation} (", "was not loaded: it needs YamlDotNet.dll (YamlDotNet 13.7.1)", "its components 'alignment' are unavailable");
        CliAssert.StdoutContains(listed, "nan-loss", $"{TestKit}: {PluginFolders.FolderSha256(Path.Combine(plugins, TestKit, TestKit + ".dll"))}");

        var qualified = CliRunner.Run(workspace.Path, ["validate", experiment, "--set", $"loss.type={Isolation}:alignment"], environment);

        CliAssert.ExitCode(qualified, 2);
        CliAssert.StderrContains(qualified, $"loss type '{Isolation}:alignment' names plugin '{Isolation}', which is not loaded.", "it needs YamlDotNet.dll");

        var unqualified = CliRunner.Run(workspace.Path, ["validate", experiment, "--set", "loss.type=alignment"], environment);

        CliAssert.ExitCode(unqualified, 2);
        CliAssert.StderrContains(unqualified, $"loss type 'alignment' is registered by {TestKit}", $"but plugin {Isolation}", "failed to load, declares it too", $"'{TestKit}:alignment'");

        var others = CliRunner.Run(workspace.Path, ["validate", experiment, "--set", "loss={type: nan-loss}"], environment);

        CliAssert.ExitCode(others, 0);
    }

    [Fact]
    public void OptionsValidationThatThrowsFailsNamingTheComponentAndItsPlugin()
    {
        using var workspace = new TestWorkspace();
        var plugins = workspace.Combine("plugins");
        PluginFolders.Install(PluginFolders.TestPluginOutput(TestKit), plugins, TestKit);
        var experiment = workspace.WriteTinyExperiment();

        var result = CliRunner.Run(workspace.Path, ["validate", experiment, "--set", "loss={type: throwing-options}"], new Dictionary<string, string?> { ["SIMLAP_PLUGIN_PATH"] = plugins });

        CliAssert.ExitCode(result, 1);
        CliAssert.NoStackTrace(result);
        CliAssert.SingleError(result);
        CliAssert.StderrContains(result, $"loss component 'throwing-options' (plugin {TestKit}) failed while binding and validating its options: the throwing-options test component's validation refuses to run");
    }

    [Fact]
    public void ABrokenComponentIsListedByPluginsAndRefusedByValidateNamingTheDllTheClassAndWhatIsWrong()
    {
        using var workspace = new TestWorkspace();
        var plugins = workspace.Combine("plugins");
        var dll = PluginFolders.Install(PluginFolders.TestPluginOutput(TestKit), plugins, TestKit);
        var environment = new Dictionary<string, string?> { ["SIMLAP_PLUGIN_PATH"] = plugins };
        var experiment = workspace.WriteTinyExperiment();

        var listed = CliRunner.Run(workspace.Path, ["plugins"], environment);

        CliAssert.ExitCode(listed, 0);
        CliAssert.HasRow(listed, "loss", "bad-constructor", TestKit);
        CliAssert.HasRow(listed, "loss", "mismatched-options", TestKit);
        CliAssert.HasRow(listed, "loss", "Bad_Name", TestKit);
        CliAssert.StdoutContains(listed, "broken: SimLap.Plugins.TestKit.BadConstructorLoss has the public constructor (Int32 seed).");

        var validated = CliRunner.Run(workspace.Path, ["validate", experiment, "--set", "loss.type=bad-constructor"], environment);

        CliAssert.ExitCode(validated, 2);
        CliAssert.NoStackTrace(validated);
        CliAssert.SingleError(validated);
        CliAssert.StderrContains(validated, $"loss type 'bad-constructor': component 'bad-constructor' of plugin {TestKit} ({dll}) cannot be used: SimLap.Plugins.TestKit.BadConstructorLoss has the public constructor (Int32 seed). A component has exactly one public constructor, (TOptions options, ComponentContext context)");

        var mismatched = CliRunner.Run(workspace.Path, ["validate", experiment, "--set", "loss.type=mismatched-options"], environment);

        CliAssert.ExitCode(mismatched, 2);
        CliAssert.StderrContains(mismatched, "declares the options class SimLap.Plugins.TestKit.NanLossOptions in its [SimLapComponent] attribute, but its constructor takes SimLap.Contracts.Components.NoOptions");
    }

    [Fact]
    public void DescribeOfABrokenComponentSaysWhatIsWrongWithItRatherThanThatNothingHasTheName()
    {
        using var workspace = new TestWorkspace();
        var plugins = workspace.Combine("plugins");
        var dll = PluginFolders.Install(PluginFolders.TestPluginOutput(TestKit), plugins, TestKit);

        var described = CliRunner.Run(workspace.Path, ["describe", "bad-constructor"], new Dictionary<string, string?> { ["SIMLAP_PLUGIN_PATH"] = plugins });

        CliAssert.ExitCode(described, 2);
        CliAssert.NoStackTrace(described);
        CliAssert.SingleError(described);
        CliAssert.StderrContains(described, $"component 'bad-constructor' of plugin {TestKit} ({dll}) cannot be used: SimLap.Plugins.TestKit.BadConstructorLoss has the public constructor (Int32 seed).");
    }
}
