namespace SimLap.Host.Tests;

/// <summary>
/// Plugins load only from configured folders (beside the host, SIMLAP_PLUGIN_PATH with absolute folders, the
/// experiment's plugins / plugins.paths), never from the working directory; plugins.pin refuses a DLL whose SHA-256 differs.
/// </summary>
public sealed class PluginTrustTests
{
    private const string TestKit = "SimLap.Plugins.TestKit";

    [Fact]
    public void A_pin_that_does_not_match_refuses_to_run_naming_the_plugin_and_both_hashes()
    {
        using var workspace = new TestWorkspace();
        var dll = PluginFolders.Install(PluginFolders.TestPluginOutput(TestKit), workspace.Combine("plugins"), TestKit);
        var actual = PluginFolders.Sha256(dll);
        var expected = new string('0', 64);
        var experiment = workspace.WriteTinyExperiment();
        File.AppendAllText(experiment, $"plugins:\n  paths: [plugins]\n  pin:\n    {TestKit}: {expected}\nloss:\n  type: nan-loss\n");

        var refused = CliRunner.Run(workspace.Path, "run", experiment);

        CliAssert.ExitCode(refused, 2);
        CliAssert.NoStackTrace(refused);
        CliAssert.StderrContains(refused, $"plugin {TestKit} ({dll}) does not match its pin: expected SHA-256 {expected}, actual {actual}.");
        Assert.False(Directory.Exists(workspace.MlrunsPath), "a refused run created ./mlruns");

        var pinned = CliRunner.Run(workspace.Path, "validate", experiment, "--set", $"plugins.pin={{{TestKit}: sha256:{actual}}}");

        CliAssert.ExitCode(pinned, 0);
        CliAssert.StdoutContains(pinned, "valid:");
    }

    [Fact]
    public void Plugins_in_the_working_directory_are_never_loaded_and_a_relative_plugin_path_is_refused()
    {
        using var workspace = new TestWorkspace();
        PluginFolders.Install(PluginFolders.TestPluginOutput(TestKit), workspace.Combine("plugins"), TestKit);
        PluginFolders.Install(PluginFolders.TestPluginOutput(TestKit), workspace.Path, TestKit);

        var listed = CliRunner.Run(workspace.Path, "plugins");

        CliAssert.ExitCode(listed, 0);
        Assert.DoesNotContain(TestKit, listed.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(TestKit, listed.StandardError, StringComparison.Ordinal);

        var relative = CliRunner.Run(workspace.Path, ["plugins"], new Dictionary<string, string?> { ["SIMLAP_PLUGIN_PATH"] = "plugins" });

        CliAssert.ExitCode(relative, 2);
        CliAssert.StderrContains(relative, "environment variable SIMLAP_PLUGIN_PATH: 'plugins' is a relative path", "absolute folders only");
    }

    [Fact]
    public void The_list_form_of_plugins_still_names_folders_relative_to_the_experiment()
    {
        using var workspace = new TestWorkspace();
        var plugins = workspace.Combine("plugins");
        PluginFolders.Install(PluginFolders.TestPluginOutput(TestKit), plugins, TestKit);
        var experiment = workspace.WriteTinyExperiment();
        File.AppendAllText(experiment, "plugins: [plugins]\nloss:\n  type: nan-loss\n");

        var listed = CliRunner.Run(workspace.Path, "plugins", experiment);
        var validated = CliRunner.Run(workspace.Path, "validate", experiment);

        CliAssert.ExitCode(listed, 0);
        CliAssert.StdoutContains(listed, "nan-loss", $"{TestKit}: {PluginFolders.Sha256(Path.Combine(plugins, TestKit, TestKit + ".dll"))}");
        CliAssert.ExitCode(validated, 0);
        CliAssert.StdoutContains(validated, "valid:");
    }
}
