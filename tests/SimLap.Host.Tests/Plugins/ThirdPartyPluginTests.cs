namespace SimLap.Host.Tests;

/// <summary>
/// A plugin installed outside the host through SIMLAP_PLUGIN_PATH: here a copy of the bundled core plugin. Plugin names
/// are unique, so the copy is not loaded: the host warns, naming both files, keeps the one beside it and still works.
/// </summary>
public sealed class ThirdPartyPluginTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ValidateWithASecondPluginOfTheSameNameOnTheEnvironmentPathWarnsWithBothPathsAndSucceeds(bool pointAtPluginFolderItself)
    {
        using var workspace = new TestWorkspace();
        var experiment = workspace.WriteTinyExperiment();
        var bundled = Path.Combine(CliRunner.BundledPluginsDirectory, "SimLap.Plugins.Core");
        var copy = workspace.Combine("third-party", "SimLap.Plugins.Core");
        CopyFolder(bundled, copy);
        var pluginPath = pointAtPluginFolderItself ? copy : workspace.Combine("third-party");

        var result = CliRunner.Run(workspace.Path, ["validate", experiment], new Dictionary<string, string?> { ["SIMLAP_PLUGIN_PATH"] = pluginPath });

        CliAssert.ExitCode(result, 0);
        CliAssert.NoError(result);
        CliAssert.NoStackTrace(result);
        CliAssert.StdoutContains(result, "valid:");
        var bundledDll = Path.Combine(bundled, "SimLap.Plugins.Core.dll");
        var copyDll = Path.Combine(copy, "SimLap.Plugins.Core.dll");
        var warning = Assert.Single(result.StandardError.Split('\n'), l => l.Contains("a plugin of the same name was found first", StringComparison.Ordinal));
        Assert.Contains("warn", warning, StringComparison.Ordinal);
        Assert.Contains($"Plugin SimLap.Plugins.Core ({copyDll}) was not loaded", warning, StringComparison.Ordinal);
        Assert.Contains($"found first at {bundledDll}", warning, StringComparison.Ordinal);
    }

    private static void CopyFolder(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }
}
