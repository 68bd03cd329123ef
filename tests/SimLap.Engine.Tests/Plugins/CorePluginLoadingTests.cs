using System.Runtime.Loader;
using System.Security.Cryptography;
using SimLap.Contracts;
using SimLap.Contracts.Components;
using SimLap.Contracts.Data;
using SimLap.Contracts.Evaluation;
using SimLap.Contracts.Model;
using SimLap.Contracts.Testing;
using SimLap.Engine.Plugins;
using SimLap.Engine.Tests.TestSupport;
using TorchSharp;

namespace SimLap.Engine.Tests.Plugins;

/// <summary>The real SimLap.Plugins.Core DLL, built by the solution, loaded through McMaster.NETCore.Plugins.</summary>
public sealed class CorePluginLoadingTests
{
    [Fact]
    public void TheCorePluginLoadsWithoutFailures()
    {
        var catalog = RealPlugins.Catalog;

        var plugin = Assert.Single(catalog.Plugins);
        Assert.Empty(catalog.Failures);
        Assert.Equal("SimLap.Plugins.Core", plugin.Name);
        Assert.Equal(RealPlugins.CorePluginPath, plugin.Path);
    }

    [Theory]
    [InlineData(ComponentKind.Dataset, "synthetic")]
    [InlineData(ComponentKind.Augmentation, "simclr")]
    [InlineData(ComponentKind.Augmentation, "none")]
    [InlineData(ComponentKind.Backbone, "small-cnn")]
    [InlineData(ComponentKind.Backbone, "resnet18-cifar")]
    [InlineData(ComponentKind.Projector, "mlp")]
    [InlineData(ComponentKind.PairSampler, "arbitrary")]
    [InlineData(ComponentKind.PairSampler, "identical")]
    [InlineData(ComponentKind.PairSampler, "distinct")]
    [InlineData(ComponentKind.PairSampler, "instance")]
    [InlineData(ComponentKind.SubspaceHead, "simlap-gate")]
    [InlineData(ComponentKind.SubspaceHead, "open")]
    [InlineData(ComponentKind.Loss, "multi-positive")]
    [InlineData(ComponentKind.Loss, "nt-xent")]
    [InlineData(ComponentKind.Loss, "supcon")]
    [InlineData(ComponentKind.Evaluator, "knn")]
    public void TheCatalogHasEachBuiltInComponentUnderItsKind(ComponentKind kind, string name)
    {
        var component = RealPlugins.Catalog.Find(kind, name, Engine.Configuration.SourceLocation.None);

        Assert.Equal(kind, component.Kind);
        Assert.Equal(name, component.Name);
        Assert.False(string.IsNullOrWhiteSpace(component.Description));
        Assert.Equal("SimLap.Plugins.Core", component.Plugin.Name);
    }

    [Fact]
    public void ComponentNamesAreUniqueWithinTheirKind()
    {
        var duplicates = RealPlugins.Catalog.Components.GroupBy(c => (c.Kind, c.Name)).Where(g => g.Count() > 1).Select(g => g.Key);

        Assert.Empty(duplicates);
    }

    [Fact]
    public void ComponentsComeFromThePluginLoadContextNotFromTheDefaultOne()
    {
        var backbone = RealPlugins.Catalog.Find(ComponentKind.Backbone, "small-cnn", Engine.Configuration.SourceLocation.None);

        var context = AssemblyLoadContext.GetLoadContext(backbone.ImplementationType.Assembly);
        Assert.NotNull(context);
        Assert.NotSame(AssemblyLoadContext.Default, context);
        Assert.DoesNotContain(typeof(CorePluginLoadingTests).Assembly.GetReferencedAssemblies(), a => a.Name == "SimLap.Plugins.Core");
    }

    [Theory]
    [InlineData("small-cnn", typeof(IBackbone))]
    [InlineData("mlp", typeof(IProjector))]
    [InlineData("simlap-gate", typeof(ISubspaceHead))]
    [InlineData("multi-positive", typeof(ILoss))]
    [InlineData("synthetic", typeof(IDataset))]
    [InlineData("knn", typeof(IEvaluator))]
    public void PluginTypesImplementTheVeryContractTypesOfTheHost(string name, Type contract)
    {
        var implementation = RealPlugins.Catalog.Named(name).Single().ImplementationType;

        Assert.Contains(implementation.GetInterfaces(), i => ReferenceEquals(i, contract));
        Assert.True(contract.IsAssignableFrom(implementation));
    }

    [Fact]
    public void TorchAndContextTypesInPluginSignaturesAreTheHostTypes()
    {
        var backbone = RealPlugins.Catalog.Named("small-cnn").Single().ImplementationType;

        var constructor = backbone.GetConstructors().Single();
        Assert.Same(typeof(ComponentContext), constructor.GetParameters()[1].ParameterType);
        var network = backbone.GetProperty(nameof(IBackbone.Network))!.PropertyType;
        Assert.Same(typeof(torch.Tensor).Assembly, network.Assembly);
    }

    [Fact]
    public void AComponentBuiltFromThePluginIsUsableThroughTheContract()
    {
        var descriptor = RealPlugins.Catalog.Find(ComponentKind.Backbone, "small-cnn", Engine.Configuration.SourceLocation.None);
        var options = Activator.CreateInstance(descriptor.OptionsType)!;
        descriptor.OptionsType.GetProperty("Widths")!.SetValue(options, new[] { 4, 8 });
        var context = new ComponentContext
        {
            Device = torch.CPU,
            Generator = new torch.Generator(1, torch.CPU),
            Seed = 1,
            Logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance,
            Tracker = NullTracker.Instance,
            Data = new DatasetInfo("t", 3, 8, 8, ["a", "b"]),
        };

        var backbone = Assert.IsAssignableFrom<IBackbone>(descriptor.Create(options, context));
        using var images = torch.zeros(2, 3, 8, 8);
        using var features = backbone.Network.call(images);

        Assert.Equal(8, backbone.FeatureDim);
        Assert.Equal(new long[] { 2, 8 }, features.shape);
        backbone.Network.Dispose();
    }

    [Fact]
    public void PluginInfoCarriesTheFolderHashOverEveryFileAndTheContractsMajorVersion()
    {
        var plugin = RealPlugins.Catalog.Plugins.Single();
        var folder = Path.GetDirectoryName(plugin.Path)!;
        var lines = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .Select(f => $"{Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, f))))}  {f}\n");

        Assert.Matches("^[0-9a-f]{64}$", plugin.Sha256);
        Assert.Contains(plugin.Manifest.Files, f => f.Path == "SimLap.Plugins.Core.dll" && f.Sha256 == Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(plugin.Path))));
        Assert.Contains(plugin.Manifest.Files, f => f.Path == "SimLap.Plugins.Core.deps.json");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Concat(lines)))), plugin.Sha256);
        Assert.Equal(ContractsVersion.Major, plugin.ContractsVersion.Major);
        Assert.Equal(2, plugin.ContractsVersion.Major);
        Assert.Matches(@"^\d+\.\d+\.\d+", plugin.Version);
    }

    [Fact]
    public void TheOptionsClassesOfPluginComponentsComeFromThePlugin()
    {
        var gate = RealPlugins.Catalog.Named("simlap-gate").Single();

        Assert.Equal("SimLapGateOptions", gate.OptionsType.Name);
        Assert.Same(gate.ImplementationType.Assembly, gate.OptionsType.Assembly);
        Assert.Same(typeof(NoOptions), RealPlugins.Catalog.Named("open").Single().OptionsType);
    }
}
