using System.Diagnostics;
using System.Text.RegularExpressions;

namespace SimLap.Host.Tests;

/// <summary><c>simlap plugins</c>: the plugins loaded from plugins/&lt;Name&gt;/ beside the host, and their components.</summary>
public sealed class PluginsCommandTests
{
    [Fact]
    public void PluginsListsTheBundledCorePluginWithItsVersionAndComponents()
    {
        using var workspace = new TestWorkspace();
        var pluginDll = Path.Combine(CliRunner.BundledPluginsDirectory, "SimLap.Plugins.Core", "SimLap.Plugins.Core.dll");
        Assert.True(File.Exists(pluginDll), $"The bundled plugin was not built at '{pluginDll}'.");
        var version = FileVersionInfo.GetVersionInfo(pluginDll).ProductVersion?.Split('+')[0];
        Assert.False(string.IsNullOrEmpty(version), $"'{pluginDll}' has no product version.");

        var result = CliRunner.Run(workspace.Path, "plugins");

        CliAssert.ExitCode(result, 0);
        CliAssert.NoError(result);
        CliAssert.NoStackTrace(result);

        // The plugins table (plain aligned text on a pipe): the name, then the version.
        var row = Regex.Match(result.StandardOutput, @"(?m)^SimLap\.Plugins\.Core +(\S+) ");
        Assert.True(row.Success, $"No plugins-table row for SimLap.Plugins.Core.{Environment.NewLine}{result}");
        Assert.Equal(version, row.Groups[1].Value);

        // The components table: section, type and plugin of each component.
        (string Section, string Type)[] components =
        [
            ("data", "synthetic"), ("augment", "none"), ("augment", "simclr"), ("backbone", "resnet18-cifar"), ("backbone", "small-cnn"),
            ("projector", "mlp"), ("pairs", "arbitrary"), ("pairs", "distinct"), ("pairs", "identical"), ("pairs", "instance"),
            ("head", "open"), ("head", "simlap-gate"), ("loss", "multi-positive"), ("loss", "nt-xent"), ("eval", "knn"),
        ];
        foreach (var (section, type) in components)
        {
            CliAssert.HasRow(result, section, type, "SimLap.Plugins.Core");
        }

        CliAssert.StdoutContains(result, "simlap describe <type>");
        Assert.False(Directory.Exists(workspace.MlrunsPath), "plugins created ./mlruns.");
    }
}
