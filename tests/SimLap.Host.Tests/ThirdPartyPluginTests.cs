namespace SimLap.Host.Tests;

/// <summary>
/// A plugin installed outside the host through SIMLAP_PLUGIN_PATH: here a copy of the bundled core plugin, so every
/// component is registered twice; the host warns, naming both files, keeps the first and still works.
/// </summary>
public sealed class ThirdPartyPluginTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Validate_WithADuplicatePluginOnTheEnvironmentPath_WarnsWithBothPathsAndSucceeds(bool pointAtPluginFolderItself)
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
        var warnings = result.StandardError.Split('\n').Where(l => l.Contains("two plugins register", StringComparison.Ordinal)).ToList();
        Assert.True(warnings.Count > 0, $"No duplicate-registration warning on stderr.{Environment.NewLine}{result}");
        Assert.All(warnings, w =>
        {
            Assert.Contains("warn", w, StringComparison.Ordinal);
            Assert.Contains(bundledDll, w, StringComparison.Ordinal);
            Assert.Contains(copyDll, w, StringComparison.Ordinal);
            Assert.Contains("the first one is used", w, StringComparison.Ordinal);
        });
        Assert.Contains(warnings, w => w.Contains("the head component 'simlap-gate'", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("the eval component 'knn'", StringComparison.Ordinal));
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
