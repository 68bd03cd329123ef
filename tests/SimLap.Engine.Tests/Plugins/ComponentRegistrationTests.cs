using Microsoft.Extensions.Logging.Abstractions;
using SimLap.Contracts.Components;
using SimLap.Contracts.Data;
using SimLap.Contracts.Model;
using SimLap.Engine.Configuration;
using SimLap.Engine.Experiments;
using SimLap.Engine.Plugins;
using SimLap.Engine.Tests.TestSupport;
using static TorchSharp.torch;

namespace SimLap.Engine.Tests.Plugins;

/// <summary>
/// A component class is checked when its plugin loads (interfaces, name grammar, the one public constructor, the options
/// class taken from it); a broken one is listed with what is wrong and refused, before any data, when an experiment names it.
/// </summary>
public sealed class ComponentRegistrationTests
{
    private const string PluginPath = "/plugins/Test.Broken/Test.Broken.dll";
    private static readonly PluginInfo Plugin = new("Test.Broken", PluginPath, "1.0.0", new Version(1, 3), new PluginManifest("/plugins/Test.Broken", []));

    [Fact]
    public void EveryBundledComponentPassesTheRegistrationChecks()
    {
        Assert.Empty(RealPlugins.BundledCatalog.Broken.Select(b => b.Message));
        Assert.True(RealPlugins.BundledCatalog.Components.Count > 40);
    }

    [Fact]
    public void TheOptionsClassIsTheConstructorsFirstParameter()
    {
        var catalog = Register(typeof(HealthyLoss));

        var component = Assert.Single(catalog.Components);
        Assert.Equal(typeof(HealthyOptions), component.OptionsType);
        Assert.Equal((ComponentKind.Loss, "healthy-loss"), (component.Kind, component.Name));
        Assert.Empty(catalog.Broken);
    }

    [Theory]
    [InlineData(typeof(BadConstructorLoss), "has the public constructor (Int32 seed). A component has exactly one public constructor, (TOptions options, ComponentContext context)")]
    [InlineData(typeof(TwoConstructorsLoss), "has 2 public constructors, (HealthyOptions options, ComponentContext context) and (ComponentContext context), so which one the host should call is not clear.")]
    [InlineData(typeof(MismatchedOptionsLoss), "declares the options class SimLap.Engine.Tests.Plugins.ComponentRegistrationTests+HealthyOptions in its [SimLapComponent] attribute, but its constructor takes SimLap.Contracts.Components.NoOptions; the host binds the constructor's.")]
    [InlineData(typeof(BadNameLoss), "is registered as 'Bad_Name', but a component name is lower-case words of letters and digits joined by single dashes")]
    [InlineData(typeof(QualifiedNameLoss), "is registered as 'a:b', but a component name may not contain ':'")]
    [InlineData(typeof(NoInterface), "implements no component interface; a component implements exactly one of IDataset, IAugmentation")]
    [InlineData(typeof(UncreatableOptionsLoss), "takes the options class SimLap.Engine.Tests.Plugins.ComponentRegistrationTests+OptionsWithoutDefault, which has no public parameterless constructor")]
    public void ABrokenComponentIsListedWithThePluginDllTheClassAndWhatIsWrong(Type type, string what)
    {
        var catalog = Register(typeof(HealthyLoss), type);

        var broken = Assert.Single(catalog.Broken);
        Assert.Single(catalog.Components);
        Assert.StartsWith($"component '{broken.Name}' of plugin Test.Broken ({PluginPath}) cannot be used: {type.FullName} ", broken.Message, StringComparison.Ordinal);
        Assert.Contains(what, broken.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Environment.NewLine, broken.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnExperimentNamingABrokenComponentFailsToResolveWithItsMessageBeforeAnyDataSetIsCreated()
    {
        var catalog = PluginLoading.Load([RealPlugins.CorePluginPath], NullLogger.Instance);
        catalog.Register([typeof(CountingDataset), typeof(BadConstructorLoss)], Plugin);
        var root = (ConfigMap)YamlConfigReader.Parse(TinyExperiment.YamlStartingWith("data: {type: counting-data}", "loss: {type: bad-constructor}"), TinyExperiment.FileName);
        CountingDataset.Created = 0;

        var error = Assert.Throws<ConfigurationException>(() => ExperimentResolver.Bind(root, TinyExperiment.FileName, catalog));

        var problem = Assert.Single(error.Problems);
        Assert.StartsWith("tiny.yaml:2:", problem, StringComparison.Ordinal);
        Assert.Contains($"loss type 'bad-constructor': component 'bad-constructor' of plugin Test.Broken ({PluginPath}) cannot be used: {typeof(BadConstructorLoss).FullName} has the public constructor (Int32 seed).", problem, StringComparison.Ordinal);
        Assert.Equal(0, CountingDataset.Created);
        Assert.Throws<ConfigurationException>(() => catalog.Find(ComponentKind.Loss, "Test.Broken:bad-constructor", SourceLocation.None));
    }

    [Fact]
    public void ABrokenComponentOfTheSameNameInAnotherPluginMakesTheHealthyOneNeedItsPluginsName()
    {
        var catalog = PluginLoading.Load([RealPlugins.CorePluginPath], NullLogger.Instance);
        catalog.Register([typeof(NtXentImpostor)], Plugin);

        var error = Assert.Throws<ConfigurationException>(() => catalog.Find(ComponentKind.Loss, "nt-xent", SourceLocation.None));

        Assert.Contains("loss type 'nt-xent' is registered by SimLap.Plugins.Core", error.Message, StringComparison.Ordinal);
        Assert.Contains("Write type: 'SimLap.Plugins.Core:nt-xent'", error.Message, StringComparison.Ordinal);
        Assert.Equal("SimLap.Plugins.Core", catalog.Find(ComponentKind.Loss, "SimLap.Plugins.Core:nt-xent", SourceLocation.None).Plugin.Name);
    }

    private static ComponentCatalog Register(params Type[] types)
    {
        var catalog = new ComponentCatalog([Plugin], []);
        catalog.Register(types, Plugin);
        return catalog;
    }

    /// <summary>Options of the test components.</summary>
    public sealed class HealthyOptions
    {
        /// <summary>A key.</summary>
        public int Value { get; set; }
    }

    /// <summary>Options the host cannot create.</summary>
    public sealed class OptionsWithoutDefault(int value)
    {
        /// <summary>A key.</summary>
        public int Value { get; set; } = value;
    }

    /// <summary>A loss that throws when used: only its registration matters.</summary>
    public abstract class TestLoss : ILoss
    {
        /// <inheritdoc />
        public nn.Module Network => throw new NotSupportedException();

        /// <inheritdoc />
        public LossOutput Compute(LossInput input) => throw new NotSupportedException();
    }

    [SimLapComponent("healthy-loss")]
    public sealed class HealthyLoss(HealthyOptions options, ComponentContext context) : TestLoss
    {
        /// <summary>The options.</summary>
        public HealthyOptions Options { get; } = options;

        /// <summary>The context.</summary>
        public ComponentContext Context { get; } = context;
    }

    [SimLapComponent("bad-constructor")]
    public sealed class BadConstructorLoss(int seed) : TestLoss
    {
        /// <summary>The seed.</summary>
        public int Seed { get; } = seed;
    }

    [SimLapComponent("two-constructors")]
    public sealed class TwoConstructorsLoss : TestLoss
    {
        /// <summary>The right shape.</summary>
        public TwoConstructorsLoss(HealthyOptions options, ComponentContext context)
        {
        }

        /// <summary>And another.</summary>
        public TwoConstructorsLoss(ComponentContext context)
        {
        }
    }

#pragma warning disable CS0618 // The 1.0 form of the attribute, on purpose.
    [SimLapComponent("mismatched-options", typeof(HealthyOptions))]
#pragma warning restore CS0618
    public sealed class MismatchedOptionsLoss(NoOptions options, ComponentContext context) : TestLoss
    {
        /// <summary>The options.</summary>
        public NoOptions Options { get; } = options;

        /// <summary>The context.</summary>
        public ComponentContext Context { get; } = context;
    }

    [SimLapComponent("Bad_Name")]
    public sealed class BadNameLoss(NoOptions options, ComponentContext context) : TestLoss
    {
        /// <summary>The options.</summary>
        public NoOptions Options { get; } = options;

        /// <summary>The context.</summary>
        public ComponentContext Context { get; } = context;
    }

    [SimLapComponent("a:b")]
    public sealed class QualifiedNameLoss(NoOptions options, ComponentContext context) : TestLoss
    {
        /// <summary>The options.</summary>
        public NoOptions Options { get; } = options;

        /// <summary>The context.</summary>
        public ComponentContext Context { get; } = context;
    }

    [SimLapComponent("no-interface")]
    public sealed class NoInterface(NoOptions options, ComponentContext context)
    {
        /// <summary>The options.</summary>
        public NoOptions Options { get; } = options;

        /// <summary>The context.</summary>
        public ComponentContext Context { get; } = context;
    }

    [SimLapComponent("uncreatable-options")]
    public sealed class UncreatableOptionsLoss(OptionsWithoutDefault options, ComponentContext context) : TestLoss
    {
        /// <summary>The options.</summary>
        public OptionsWithoutDefault Options { get; } = options;

        /// <summary>The context.</summary>
        public ComponentContext Context { get; } = context;
    }

    [SimLapComponent("nt-xent")]
    public sealed class NtXentImpostor(int seed) : TestLoss
    {
        /// <summary>The seed.</summary>
        public int Seed { get; } = seed;
    }

    /// <summary>A data set that counts how often it is created, so a test can show that nothing loaded data.</summary>
    [SimLapComponent("counting-data")]
    public sealed class CountingDataset : IDataset
    {
        /// <summary>Counts.</summary>
        public CountingDataset(NoOptions options, ComponentContext context)
        {
            Created++;
        }

        /// <summary>How many were created.</summary>
        public static int Created { get; set; }

        /// <inheritdoc />
        public DatasetInfo Info => new("counting", 3, 16, 16, ["a", "b"]);

        /// <inheritdoc />
        public ImageSet Load(DatasetSplit split) => throw new NotSupportedException();
    }
}
