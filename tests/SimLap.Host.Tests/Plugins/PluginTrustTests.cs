namespace SimLap.Host.Tests;

/// <summary>
/// Plugins load only from configured folders (beside the host, SIMLAP_PLUGIN_PATH with absolute folders, the
/// experiment's plugins / plugins.paths), never from the working directory; plugins.pin refuses a plugin folder whose
/// SHA-256 (over every file in it) differs, naming the files where the pin's manifest is known; a folder other users can
/// write to is refused unless plugins.allow_writable.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PluginTrustTests
{
    private const string TestKit = "SimLap.Plugins.TestKit";
    private const string Isolation = "SimLap.Plugins.Isolation";

    [Fact]
    public void APinThatDoesNotMatchRefusesToRunNamingThePluginAndBothHashesAndAnOldDllPinIsRefusedWithTheNewOne()
    {
        using var workspace = new TestWorkspace();
        var dll = PluginFolders.Install(PluginFolders.TestPluginOutput(TestKit), workspace.Combine("plugins"), TestKit);
        var actual = PluginFolders.FolderSha256(dll);
        var expected = new string('0', 64);
        var experiment = workspace.WriteTinyExperiment();
        File.AppendAllText(experiment, $"plugins:\n  paths: [plugins]\n  pin:\n    {TestKit}: {expected}\nloss:\n  type: nan-loss\n");

        var refused = CliRunner.Run(workspace.Path, "run", experiment);

        CliAssert.ExitCode(refused, 2);
        CliAssert.NoStackTrace(refused);
        CliAssert.StderrContains(refused, $"plugin {TestKit} ({Path.GetDirectoryName(dll)}) does not match its pin:", $"expected SHA-256 {expected}, actual {actual}.");
        Assert.False(Directory.Exists(workspace.MlrunsPath), "a refused run created ./mlruns");

        var old = CliRunner.Run(workspace.Path, "validate", experiment, "--set", $"plugins.pin={{{TestKit}: {PluginFolders.Sha256(dll)}}}");

        CliAssert.ExitCode(old, 2);
        CliAssert.StderrContains(old, $"plugins.pin.{TestKit} is the SHA-256 of {TestKit}.dll alone, an old-style pin", $"{TestKit}: {actual}");

        var pinned = CliRunner.Run(workspace.Path, "validate", experiment, "--set", $"plugins.pin={{{TestKit}: sha256:{actual}}}");

        CliAssert.ExitCode(pinned, 0);
        CliAssert.StdoutContains(pinned, "valid:");
    }

    [Fact]
    public void ReplacingAPrivateDependencyOfAPinnedPluginIsRefusedNamingThatFile()
    {
        using var workspace = new TestWorkspace();
        var plugins = workspace.Combine("plugins");
        var dll = PluginFolders.Install(PluginFolders.TestPluginOutput(Isolation), plugins, Isolation);
        workspace.Write("weights.yaml", "weight: 50%\n");
        var experiment = workspace.WriteTinyExperiment();
        File.AppendAllText(experiment, "loss:\n  type: alignment\n  weights: weights.yaml\n");
        var environment = new Dictionary<string, string?> { ["SIMLAP_PLUGIN_PATH"] = plugins };
        var listed = CliRunner.Run(workspace.Path, ["plugins"], environment);
        CliAssert.ExitCode(listed, 0);
        var pin = $"plugins.pin={{{Isolation}: {PluginFolders.FolderSha256(dll)}}}";
        Assert.Equal(0, CliRunner.Run(workspace.Path, ["validate", experiment, "--set", pin], environment).ExitCode);

        // Same name, other code: the host's YamlDotNet in place of the plugin's own.
        File.Copy(Path.Combine(CliRunner.HostDirectory, "YamlDotNet.dll"), Path.Combine(plugins, Isolation, "YamlDotNet.dll"), overwrite: true);
        var replaced = CliRunner.Run(workspace.Path, ["run", experiment, "--set", pin], environment);

        CliAssert.ExitCode(replaced, 2);
        CliAssert.NoStackTrace(replaced);
        CliAssert.StderrContains(replaced, $"plugin {Isolation} ({Path.GetDirectoryName(dll)}) does not match its pin: changed YamlDotNet.dll;", "Nothing was run");
        Assert.False(Directory.Exists(workspace.MlrunsPath), "a refused run created ./mlruns");
    }

    [Fact]
    public void ADllAddedToAPluginPinnedByAManifestFileIsRefusedNamingIt()
    {
        using var workspace = new TestWorkspace();
        var plugins = workspace.Combine("plugins");
        var dll = PluginFolders.Install(PluginFolders.TestPluginOutput(TestKit), plugins, TestKit);
        var experiment = workspace.WriteTinyExperiment();
        File.AppendAllText(experiment, $"plugins: [plugins]\nloss:\n  type: nan-loss\n");
        var manifest = CliRunner.Run(workspace.Path, "plugins", experiment, "--manifest", TestKit);
        CliAssert.ExitCode(manifest, 0);
        Assert.Contains($"{PluginFolders.Sha256(dll)}  {TestKit}.dll\n", manifest.StandardOutput, StringComparison.Ordinal);
        workspace.Write("testkit.sha256", manifest.StandardOutput);
        var pin = $"plugins.pin={{{TestKit}: testkit.sha256}}";
        CliAssert.ExitCode(CliRunner.Run(workspace.Path, "validate", experiment, "--set", pin), 0);

        File.Copy(Path.Combine(CliRunner.HostDirectory, "YamlDotNet.dll"), Path.Combine(plugins, TestKit, "Extra.dll"));
        var added = CliRunner.Run(workspace.Path, "validate", experiment, "--set", pin);

        CliAssert.ExitCode(added, 2);
        CliAssert.StderrContains(added, $"plugin {TestKit} ({Path.GetDirectoryName(dll)}) does not match its pin: added Extra.dll;");
    }

    [Fact]
    public void AWorldWritablePluginFolderIsRefusedSayingWhyUnlessTheExperimentAllowsIt()
    {
        using var workspace = new TestWorkspace();
        var plugins = workspace.Combine("plugins");
        PluginFolders.Install(PluginFolders.TestPluginOutput(TestKit), plugins, TestKit);
        File.SetUnixFileMode(plugins, (UnixFileMode)0x1ff);
        var environment = new Dictionary<string, string?> { ["SIMLAP_PLUGIN_PATH"] = plugins };
        var experiment = workspace.WriteTinyExperiment();
        File.AppendAllText(experiment, "loss:\n  type: nan-loss\n");

        var refused = CliRunner.Run(workspace.Path, ["validate", experiment], environment);

        CliAssert.ExitCode(refused, 2);
        CliAssert.NoStackTrace(refused);
        CliAssert.StderrContains(refused, "unknown loss type 'nan-loss'", $"Plugin {TestKit}", "another user could replace code that would run as you:", $"'{plugins}' is writable by every user (mode 0777)", "plugins.allow_writable: true");

        var allowed = CliRunner.Run(workspace.Path, ["validate", experiment, "--set", "plugins.allow_writable=true"], environment);

        CliAssert.ExitCode(allowed, 0);
        CliAssert.StderrContains(allowed, $"Plugin {TestKit}", "is loaded although another user could replace code", "plugins.allow_writable is true");

        var bundled = CliRunner.Run(workspace.Path, ["plugins"]);

        CliAssert.ExitCode(bundled, 0);
        CliAssert.NoError(bundled);
        Assert.DoesNotContain("not loaded", bundled.StandardOutput + bundled.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void PluginsInTheWorkingDirectoryAreNeverLoadedAndARelativePluginPathIsRefused()
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
    public void TheListFormOfPluginsStillNamesFoldersRelativeToTheExperiment()
    {
        using var workspace = new TestWorkspace();
        var plugins = workspace.Combine("plugins");
        PluginFolders.Install(PluginFolders.TestPluginOutput(TestKit), plugins, TestKit);
        var experiment = workspace.WriteTinyExperiment();
        File.AppendAllText(experiment, "plugins: [plugins]\nloss:\n  type: nan-loss\n");

        var listed = CliRunner.Run(workspace.Path, "plugins", experiment);
        var validated = CliRunner.Run(workspace.Path, "validate", experiment);

        CliAssert.ExitCode(listed, 0);
        CliAssert.StdoutContains(listed, "nan-loss", $"{TestKit}: {PluginFolders.FolderSha256(Path.Combine(plugins, TestKit, TestKit + ".dll"))}");
        CliAssert.ExitCode(validated, 0);
        CliAssert.StdoutContains(validated, "valid:");
    }
}
