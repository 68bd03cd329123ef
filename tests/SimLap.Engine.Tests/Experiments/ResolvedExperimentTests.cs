using SimLap.Contracts.Components;
using SimLap.Engine.Configuration;
using SimLap.Engine.Experiments;
using SimLap.Engine.Tests.TestSupport;
using YamlDotNet.Serialization;

namespace SimLap.Engine.Tests.Experiments;

public sealed class ResolvedExperimentTests
{
    private static readonly string[] ComponentSections = ["data", "augment", "backbone", "projector", "pairs", "head", "loss", "eval"];

    [Fact]
    public void EverySectionResolvesToTheNamedComponentOfTheRealPlugin()
    {
        var experiment = TinyExperiment.Resolve();

        Assert.Equal("synthetic", experiment[ComponentKind.Dataset].Descriptor.Name);
        Assert.Equal("simclr", experiment[ComponentKind.Augmentation].Descriptor.Name);
        Assert.Equal("small-cnn", experiment[ComponentKind.Backbone].Descriptor.Name);
        Assert.Equal("mlp", experiment[ComponentKind.Projector].Descriptor.Name);
        Assert.Equal("arbitrary", experiment[ComponentKind.PairSampler].Descriptor.Name);
        Assert.Equal("simlap-gate", experiment[ComponentKind.SubspaceHead].Descriptor.Name);
        Assert.Equal("multi-positive", experiment[ComponentKind.Loss].Descriptor.Name);
        var knn = Assert.Single(experiment.Evaluators);
        Assert.Equal(("eval.0", "knn"), (knn.Section, knn.Descriptor.Name));
        Assert.All(experiment.Components.Values, c => Assert.Equal("SimLap.Plugins.Core", c.Descriptor.Plugin.Name));
    }

    [Fact]
    public void DefaultsOfUnwrittenOptionsFlowIntoTheParams()
    {
        var parameters = TinyExperiment.Resolve().ToParams().ToDictionary(p => p.Key, p => p.Value);

        Assert.Equal("0.1", parameters["loss.temperature"]);
        Assert.Equal("true", parameters["loss.symmetric"]);
        Assert.Equal("false", parameters["loss.learnable_scale"]);
        Assert.Equal("0.001", parameters["train.optimizer.lr"]);
        Assert.Equal("0.0005", parameters["train.optimizer.weight_decay"]);
        Assert.Equal("adam", parameters["train.optimizer.type"]);
        Assert.Equal("cosine", parameters["train.schedule"]);
        Assert.Equal("10", parameters["train.log_every"]);
        Assert.Equal("[0.2, 1]", parameters["augment.crop_scale"]);
        Assert.Equal("layer", parameters["projector.last_norm"]);
        Assert.Equal("0.07", parameters["eval.0.temperature"]);
        Assert.Equal("Default", TinyExperiment.Bind(TinyExperiment.YamlWithout("tracking")).ToParams().Single(p => p.Key == "tracking.experiment").Value);
    }

    [Fact]
    public void WrittenValuesAppearInTheParamsWithTheirSectionPaths()
    {
        var parameters = TinyExperiment.Resolve().ToParams().ToDictionary(p => p.Key, p => p.Value);

        Assert.Equal("tiny", parameters["name"]);
        Assert.Equal("7", parameters["seed"]);
        Assert.Equal("cpu", parameters["device"]);
        Assert.Equal("[]", parameters["plugins"]);
        Assert.Equal("synthetic", parameters["data.type"]);
        Assert.Equal("16", parameters["data.image_size"]);
        Assert.Equal("[8, 16]", parameters["backbone.widths"]);
        Assert.Equal("simlap-gate", parameters["head.type"]);
        Assert.Equal("16", parameters["head.embed"]);
        Assert.Equal("knn", parameters["eval.0.type"]);
        Assert.Equal("5", parameters["eval.0.k"]);
        Assert.Equal("arbitrary", parameters["pairs.type"]);
        Assert.Single(parameters, p => p.Key.StartsWith("pairs.", StringComparison.Ordinal));
    }

    [Fact]
    public void ParamKeysAreUnique()
    {
        var keys = TinyExperiment.Resolve().ToParams().Select(p => p.Key).ToList();

        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    [Fact]
    public void WithoutANameTheExperimentIsNamedAfterItsFile()
    {
        var experiment = TinyExperiment.Bind(TinyExperiment.YamlWithout("name"));

        Assert.Equal("tiny", experiment.Options.Name);
        Assert.Equal(TinyExperiment.FileName, experiment.SourceFile);
    }

    [Fact]
    public void TheResolvedYamlIsAMappingWithEverySection()
    {
        var yaml = TinyExperiment.Resolve().ToYaml();

        var tree = new DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(yaml);

        var topLevel = OptionsSchema.For(typeof(ExperimentOptions)).Options.Select(o => o.Key).Concat(ComponentSections);
        Assert.Equal(topLevel.Order(), tree.Keys.Order());
        Assert.Contains("train", tree.Keys);
        var loss = Assert.IsType<Dictionary<object, object>>(tree["loss"]);
        Assert.Equal("multi-positive", loss["type"]);
        Assert.Equal("0.1", loss["temperature"]);
        var optimizer = Assert.IsType<Dictionary<object, object>>(Assert.IsType<Dictionary<object, object>>(tree["train"])["optimizer"]);
        Assert.Equal("0.001", optimizer["lr"]);
        var eval = Assert.IsType<List<object>>(tree["eval"]);
        Assert.Equal("5", Assert.IsType<Dictionary<object, object>>(Assert.Single(eval))["k"]);
    }

    [Fact]
    public void TheResolvedYamlBindsAgainToTheSameParams()
    {
        var first = TinyExperiment.Resolve("train.optimizer.type=adam-w", "augment.crop_scale=[0.3, 0.9]");

        var second = TinyExperiment.Bind(first.ToYaml());

        Assert.Equal(first.ToParams(), second.ToParams());
    }

    [Fact]
    public void TheResolvedYamlKeepsTextThatLooksLikeAnotherTypeAsText()
    {
        var first = TinyExperiment.Resolve("name='null'", "tracking.run_name='123'");

        var reread = (ConfigMap)YamlConfigReader.Parse(first.ToYaml(), "resolved.yaml");
        var second = ExperimentResolver.Bind(reread, "resolved.yaml", RealPlugins.Catalog);

        Assert.Equal("null", second.Options.Name);
        Assert.Equal("123", second.Options.Tracking.RunName);
    }
}
