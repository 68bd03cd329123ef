using Microsoft.Extensions.Logging.Abstractions;
using SimLap.Engine.Configuration;
using SimLap.Engine.Plugins;
using SimLap.Engine.Tests.TestSupport;

namespace SimLap.Engine.Tests.Plugins;

public sealed class PluginLoadFailureTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void AFileThatIsNotAnAssemblyIsAFailureNamingItWhileTheRealPluginStillLoads()
    {
        var bad = WriteGarbage("Bad/Bad.dll");

        var catalog = PluginLoading.Load([bad, RealPlugins.CorePluginPath], NullLogger.Instance);

        var failure = Assert.Single(catalog.Failures);
        Assert.Equal("Bad", failure.Name);
        Assert.Equal(bad, failure.Path);
        Assert.False(string.IsNullOrWhiteSpace(failure.Reason));
        Assert.Equal("SimLap.Plugins.Core", Assert.Single(catalog.Plugins).Name);
        Assert.Contains(catalog.Components, c => c.Name == "simlap-gate");
    }

    [Fact]
    public void AnAssemblyThatDoesNotReferenceTheContractsIsAFailureThatSaysSo()
    {
        var path = folder.Combine("YamlDotNet", "YamlDotNet.dll");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "YamlDotNet.dll"), path);

        var catalog = PluginLoading.Load([path], NullLogger.Instance);

        var failure = Assert.Single(catalog.Failures);
        Assert.Equal(("YamlDotNet", path), (failure.Name, failure.Path));
        Assert.Equal("it does not reference SimLap.Contracts, so it has no components.", failure.Reason);
        Assert.Empty(catalog.Components);
    }

    [Fact]
    public void AFailedPluginIsLoggedAsAWarningWithItsPath()
    {
        var bad = WriteGarbage("Broken/Broken.dll");
        var logger = new RecordingLogger();

        PluginLoading.Load([bad], logger);

        var entry = Assert.Single(logger.Entries);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, entry.Level);
        Assert.StartsWith($"Plugin Broken ({bad}) was not loaded: ", entry.Message);
    }

    [Fact]
    public void ASecondPluginOfTheSameNameIsNotLoadedAndTheFailureNamesTheFirst()
    {
        var copy = folder.Combine("copy", "SimLap.Plugins.Core", "SimLap.Plugins.Core.dll");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.Copy(RealPlugins.CorePluginPath, copy);
        File.Copy(Path.ChangeExtension(RealPlugins.CorePluginPath, ".deps.json"), Path.ChangeExtension(copy, ".deps.json"));
        var logger = new RecordingLogger();

        var catalog = PluginLoading.Load([RealPlugins.CorePluginPath, copy], logger);

        Assert.Equal(RealPlugins.CorePluginPath, Assert.Single(catalog.Plugins).Path);
        Assert.Equal(RealPlugins.Catalog.Components.Count, catalog.Components.Count);
        var failure = Assert.Single(catalog.Failures);
        Assert.Equal(copy, failure.Path);
        Assert.StartsWith($"a plugin of the same name was found first at {RealPlugins.CorePluginPath}", failure.Reason, StringComparison.Ordinal);
        Assert.Single(logger.Entries, e => e.Message.Contains("was not loaded", StringComparison.Ordinal));
    }

    [Fact]
    public void AMissingPluginFolderIsAConfigurationErrorNamingTheFolderAndWhereItWasNamed()
    {
        var missing = folder.Combine("no-such-plugins");
        var namedAt = new SourceLocation("exp.yaml", 4, 5);

        var error = Assert.Throws<ConfigurationException>(() => PluginLoading.LoadAll([(missing, namedAt)], NullLogger.Instance));

        Assert.StartsWith($"exp.yaml:4:5: plugin folder '{missing}' does not exist.", Assert.Single(error.Problems));
    }

    [Fact]
    public void APluginFolderIsSearchedForSubFoldersHoldingADllOfTheirOwnName()
    {
        WriteGarbage("plugins/Alpha/Alpha.dll");
        WriteGarbage("plugins/Beta/Beta.dll");
        WriteGarbage("plugins/Gamma/Other.dll");

        var catalog = PluginLoading.LoadAll([(folder.Combine("plugins"), SourceLocation.None)], NullLogger.Instance);

        Assert.Equal(["Alpha", "Beta"], catalog.Failures.Select(f => f.Name));
        Assert.Empty(catalog.Plugins);
    }

    [Fact]
    public void AFolderHoldingADllOfItsOwnNameIsOnePlugin()
    {
        var own = WriteGarbage("Solo/Solo.dll");
        WriteGarbage("Solo/Nested/Nested.dll");

        var catalog = PluginLoading.LoadAll([(folder.Combine("Solo"), SourceLocation.None)], NullLogger.Instance);

        Assert.Equal([own], catalog.Failures.Select(f => f.Path));
    }

    private string WriteGarbage(string relativePath)
    {
        var path = folder.Combine(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, [.. Enumerable.Range(0, 512).Select(i => (byte)((i * 37) + 11))]);
        return path;
    }
}
