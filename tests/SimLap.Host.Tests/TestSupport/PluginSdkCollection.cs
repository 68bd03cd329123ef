namespace SimLap.Host.Tests;

/// <summary>The tests that build plugins against the packed contracts share one pack (see <see cref="PluginSdkFixture"/>).</summary>
[CollectionDefinition(Name)]
public sealed class PluginSdkCollection : ICollectionFixture<PluginSdkFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "plugin SDK";
}
