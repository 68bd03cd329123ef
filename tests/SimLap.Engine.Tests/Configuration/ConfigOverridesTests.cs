using SimLap.Contracts.Components;
using SimLap.Engine.Configuration;
using SimLap.Engine.Experiments;
using SimLap.Engine.Tests.TestSupport;

namespace SimLap.Engine.Tests.Configuration;

public sealed class ConfigOverridesTests
{
    [Fact]
    public void AnIntegerOverrideBindsAsAnInt()
    {
        var experiment = TinyExperiment.Resolve("train.epochs=3");

        Assert.Equal(3, experiment.Options.Train.Epochs);
        Assert.Contains(new KeyValuePair<string, string>("train.epochs", "3"), experiment.ToParams());
    }

    [Fact]
    public void ANumberOverrideReachesThePluginOptionsAsADouble()
    {
        var experiment = TinyExperiment.Resolve("loss.temperature=0.2");

        Assert.Equal(0.2, Option(experiment[ComponentKind.Loss], "Temperature"));
        Assert.Contains(new KeyValuePair<string, string>("loss.temperature", "0.2"), experiment.ToParams());
    }

    [Fact]
    public void AListOverrideReplacesTheWholeList()
    {
        var experiment = TinyExperiment.Resolve("augment.crop_scale=[0.5, 1.0]");

        Assert.Equal(new[] { 0.5, 1.0 }, Option(experiment[ComponentKind.Augmentation], "CropScale"));
    }

    [Fact]
    public void AListEntryIsAddressedByItsIndex()
    {
        var experiment = TinyExperiment.Resolve("eval.0.k=3");

        Assert.Equal(3, Option(Assert.Single(experiment.Evaluators), "K"));
        Assert.Contains(new KeyValuePair<string, string>("eval.0.k", "3"), experiment.ToParams());
    }

    [Fact]
    public void AnOverrideOfASectionThatIsNotWrittenCreatesIt()
    {
        var experiment = TinyExperiment.Resolve("train.optimizer.type=sgd", "train.optimizer.momentum=0.5");

        Assert.Equal(OptimizerKind.Sgd, experiment.Options.Train.Optimizer.Type);
        Assert.Equal(0.5, experiment.Options.Train.Optimizer.Momentum);
        Assert.Equal(0.001, experiment.Options.Train.Optimizer.Lr);
    }

    [Fact]
    public void LaterOverridesOfTheSameKeyWin()
    {
        var experiment = TinyExperiment.Resolve("train.epochs=3", "train.epochs=4");

        Assert.Equal(4, experiment.Options.Train.Epochs);
    }

    [Fact]
    public void AValueAfterTheFirstEqualsSignIsKeptWhole()
    {
        var experiment = TinyExperiment.Resolve("name=a=b");

        Assert.Equal("a=b", experiment.Options.Name);
    }

    [Fact]
    public void AMappingOverrideWithAnotherTypeReplacesTheSection()
    {
        var experiment = TinyExperiment.Resolve("head={type: open}");

        Assert.Equal("open", experiment[ComponentKind.SubspaceHead].Descriptor.Name);
    }

    [Fact]
    public void OverridingOnlyTheTypeOfASectionDropsTheOptionsOfTheOldType()
    {
        // experiments/quickstart.yaml documents `--set head.type=open`; the tiny head sets embed and hidden,
        // which the open head does not have. Like a child file with another `type:`, the override starts the section afresh.
        var experiment = TinyExperiment.Resolve("head.type=open");

        Assert.Equal("open", experiment[ComponentKind.SubspaceHead].Descriptor.Name);
    }

    [Fact]
    public void AnOverrideBelowASingleValueIsAnErrorNamingTheValueAndWhereItWasWritten()
    {
        var error = Assert.Throws<ConfigurationException>(() => TinyExperiment.Resolve("seed.x=1"));

        Assert.Equal("--set seed.x=1: 'seed' is a single value (at tiny.yaml:2:7), so it has no key 'x'.", Assert.Single(error.Problems));
    }

    [Fact]
    public void AnIndexPastTheEndOfAListIsAnErrorWithTheValidRange()
    {
        var error = Assert.Throws<ConfigurationException>(() => TinyExperiment.Resolve("eval.3.k=5"));

        Assert.Equal("--set eval.3.k=5: 'eval' is a list with 1 entries; address one by its index 0..0, e.g. eval.0.k.", error.Message);
    }

    [Theory]
    [InlineData("train.epochs", "an override is written key.path=value")]
    [InlineData("=3", "an override is written key.path=value")]
    [InlineData("train..epochs=3", "'train..epochs' is not a valid key path")]
    public void AMalformedOverrideIsAnErrorThatShowsTheRightForm(string assignment, string expected)
    {
        var error = Assert.Throws<ConfigurationException>(() => TinyExperiment.Resolve(assignment));

        Assert.StartsWith($"--set {assignment}: {expected}", error.Message);
    }

    [Fact]
    public void AMistypedOverrideValueIsReportedAgainstTheOverride()
    {
        var error = Assert.Throws<ConfigurationException>(() => TinyExperiment.Resolve("train.epochs=many"));

        Assert.Equal("--set train.epochs=many: 'train.epochs' must be an integer; found 'many'.", Assert.Single(error.Problems));
    }

    [Fact]
    public void AnOverrideValueIsParsedAsYamlSoQuotesKeepText()
    {
        var root = ConfigOverrides.Apply(new ConfigMap([], SourceLocation.None), ["a.b=0.1", "a.c='0.1'", "a.d=", "a.e=[1, 2]"]);

        var a = Assert.IsType<ConfigMap>(root["a"]);
        Assert.Equal(("0.1", false), Scalar(a["b"]));
        Assert.Equal(("0.1", true), Scalar(a["c"]));
        Assert.Equal(("", true), Scalar(a["d"]));
        Assert.Equal(2, Assert.IsType<ConfigList>(a["e"]).Items.Count);
        Assert.Equal("--set a.b=0.1", a["b"]!.Location.ToString());
    }

    private static object? Option(ResolvedComponent component, string property) =>
        component.Options.GetType().GetProperty(property)!.GetValue(component.Options);

    private static (string? Text, bool Quoted) Scalar(ConfigNode? node)
    {
        var scalar = Assert.IsType<ConfigScalar>(node);
        return (scalar.Text, scalar.Quoted);
    }
}
