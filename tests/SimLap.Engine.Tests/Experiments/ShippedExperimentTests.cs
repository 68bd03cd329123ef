using Microsoft.Extensions.Logging.Abstractions;
using SimLap.Contracts.Components;
using SimLap.Engine.Configuration;
using SimLap.Engine.Experiments;
using SimLap.Engine.Tests.TestSupport;

namespace SimLap.Engine.Tests.Experiments;

/// <summary>The YAML files under experiments/ resolve against the real plugin, including the commands their comments show.</summary>
public sealed class ShippedExperimentTests
{
    /// <summary>Every experiment file except the base/ fragments (which are not complete experiments on their own).</summary>
    public static TheoryData<string> RunnableExperiments() => new(ExperimentFiles());

    [Theory]
    [MemberData(nameof(RunnableExperiments))]
    public void EveryTrialOfAShippedExperimentBinds(string file)
    {
        var loaded = ExperimentResolver.Load(ExperimentPath(file), [], NullLogger.Instance, _ => RealPlugins.BundledCatalog);

        var trials = loaded.BindAll();

        Assert.NotEmpty(trials);
        Assert.All(trials, experiment =>
        {
            Assert.Equal(7, experiment.Components.Count);
            Assert.NotEmpty(experiment.Evaluators);
        });
    }

    [Fact]
    public void TheShippedExperimentsIncludeTheQuickstartAndItsVariants()
    {
        var files = ExperimentFiles();

        Assert.Contains("quickstart.yaml", files);
        Assert.Contains("baselines/supcon.yaml", files);
        Assert.True(files.Count >= 6, $"found only {files.Count} experiment files");
    }

    [Fact]
    public void TheQuickstartMergesItsFourParentsWithItsOwnValues()
    {
        var experiment = Resolve("quickstart.yaml");
        var parameters = experiment.ToParams().ToDictionary(p => p.Key, p => p.Value);

        Assert.Equal("quickstart", experiment.Options.Name);
        Assert.Equal(10, experiment.Options.Train.Epochs);
        Assert.Equal(128, experiment.Options.Train.BatchSize);
        Assert.Equal(OptimizerKind.Adam, experiment.Options.Train.Optimizer.Type);
        Assert.Equal(0.0005, experiment.Options.Train.Optimizer.WeightDecay);
        Assert.Equal(1.0, experiment.Options.Train.WarmupEpochs);
        Assert.Equal("small-cnn", parameters["backbone.type"]);
        Assert.Equal("[32, 64, 128]", parameters["backbone.widths"]);
        Assert.Equal("512", parameters["projector.hidden"]);
        Assert.Equal("128", parameters["projector.out"]);
        Assert.Equal("simlap-gate", parameters["head.type"]);
        Assert.Equal("1024", parameters["head.hidden"]);
        Assert.Equal("20", parameters["eval.0.k"]);
        Assert.Equal("quickstart", experiment.Options.Tracking.Experiment);
    }

    [Fact]
    public void AnAblationThatChangesTheHeadTypeDropsTheGateOptions()
    {
        var experiment = Resolve("ablations/arbitrary-no-gate.yaml");

        Assert.Equal("open", experiment[ComponentKind.SubspaceHead].Descriptor.Name);
        Assert.Equal("arbitrary", experiment[ComponentKind.PairSampler].Descriptor.Name);
    }

    [Fact]
    public void TheProductGateKeepsTheOtherGateOptionsOfItsParent()
    {
        var parameters = Resolve("simlap/product-gate.yaml").ToParams().ToDictionary(p => p.Key, p => p.Value);

        Assert.Equal("false", parameters["head.fuse"]);
        Assert.Equal("512", parameters["head.embed"]);
    }

    [Fact]
    public void TheQuickstartWithoutTheGateAsItsCommentShowsResolves()
    {
        // quickstart.yaml: `simlap run experiments/quickstart.yaml --set head.type=open`
        var experiment = Resolve("quickstart.yaml", "head.type=open");

        Assert.Equal("open", experiment[ComponentKind.SubspaceHead].Descriptor.Name);
    }

    [Fact]
    public void TheQuickstartAsSupconAsItsCommentShowsResolves()
    {
        // quickstart.yaml: `--set pairs.type=identical --set head.type=open`
        var experiment = Resolve("quickstart.yaml", "pairs.type=identical", "head.type=open");

        Assert.Equal("identical", experiment[ComponentKind.PairSampler].Descriptor.Name);
        Assert.Equal("open", experiment[ComponentKind.SubspaceHead].Descriptor.Name);
    }

    [Fact]
    public void ResolvingAsksForNoExtraPluginFoldersWhenTheFileNamesNone()
    {
        List<(string, SourceLocation)>? asked = null;

        ExperimentResolver.Resolve(ExperimentPath("quickstart.yaml"), [], NullLogger.Instance, folders =>
        {
            asked = folders.ToList();
            return RealPlugins.BundledCatalog;
        });

        Assert.NotNull(asked);
        Assert.Empty(asked);
    }

    private static List<string> ExperimentFiles()
    {
        var root = Path.Combine(RealPlugins.RepositoryRoot, "experiments");
        return Directory.EnumerateFiles(root, "*.yaml", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => !f.StartsWith("base/", StringComparison.Ordinal))
            // samples/ use plugins built outside the solution (plugins/samples); SamplePluginTests in SimLap.Host.Tests runs them.
            .Where(f => !f.StartsWith("samples/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static string ExperimentPath(string file) => Path.Combine(RealPlugins.RepositoryRoot, "experiments", file);

    private static ResolvedExperiment Resolve(string file, params string[] overrides) =>
        ExperimentResolver.Resolve(ExperimentPath(file), overrides, NullLogger.Instance, _ => RealPlugins.BundledCatalog);
}
