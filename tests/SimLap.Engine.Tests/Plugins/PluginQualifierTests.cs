using SimLap.Contracts.Components;
using SimLap.Engine.Configuration;
using SimLap.Engine.Plugins;
using SimLap.Engine.Tests.TestSupport;

namespace SimLap.Engine.Tests.Plugins;

/// <summary><c>type: Plugin:name</c> names a component of one plugin; the host shares only the contracts, TorchSharp and logging.</summary>
public sealed class PluginQualifierTests
{
    [Fact]
    public void AQualifiedTypeFindsThePluginsComponentAndKeepsTheNameAsWritten()
    {
        var component = RealPlugins.Catalog.Find(ComponentKind.Loss, "SimLap.Plugins.Core:nt-xent", SourceLocation.None);

        Assert.Equal("SimLap.Plugins.Core:nt-xent", component.Name);
        Assert.Equal("SimLap.Plugins.Core", component.Plugin.Name);
        Assert.Same(RealPlugins.Catalog.Find(ComponentKind.Loss, "nt-xent", SourceLocation.None).ImplementationType, component.ImplementationType);
        Assert.Single(RealPlugins.Catalog.Named("SimLap.Plugins.Core:nt-xent"));
    }

    [Fact]
    public void AQualifierNamingNoLoadedPluginOrNoSuchComponentSaysWhich()
    {
        var noPlugin = Assert.Throws<ConfigurationException>(() => RealPlugins.Catalog.Find(ComponentKind.Loss, "SimLap.Plugins.Cor:nt-xent", SourceLocation.None));
        var noComponent = Assert.Throws<ConfigurationException>(() => RealPlugins.Catalog.Find(ComponentKind.Loss, "SimLap.Plugins.Core:nt-xnet", SourceLocation.None));

        Assert.Contains("names plugin 'SimLap.Plugins.Cor', which is not loaded. Did you mean 'SimLap.Plugins.Core'?", Assert.Single(noPlugin.Problems), StringComparison.Ordinal);
        Assert.Contains("plugin SimLap.Plugins.Core has no loss component 'nt-xnet'. Did you mean 'nt-xent'?", Assert.Single(noComponent.Problems), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a:b", "a", "b")]
    [InlineData("My.Plugin:my-loss", "My.Plugin", "my-loss")]
    [InlineData("plain", null, "plain")]
    [InlineData(":x", null, ":x")]
    public void SplitSeparatesThePluginFromTheComponent(string text, string? plugin, string name) =>
        Assert.Equal((plugin, name), ComponentCatalog.Split(text));

    [Fact]
    public void OnlyTheContractsTorchSharpAndLoggingWithTheirReferencesAreSharedWithPlugins()
    {
        var shared = PluginLoading.SharedAssemblies;

        Assert.Contains("SimLap.Contracts", shared);
        Assert.Contains("TorchSharp", shared);
        Assert.Contains("Microsoft.Extensions.Logging.Abstractions", shared);
        Assert.DoesNotContain("YamlDotNet", shared);
        Assert.DoesNotContain("SimLap.Engine", shared);
    }
}
