using SimLap.Contracts.Components;
using SimLap.Engine.Configuration;
using SimLap.Engine.Experiments;
using SimLap.Engine.Tests.TestSupport;

namespace SimLap.Engine.Tests.Configuration;

public sealed class ConfigOverridesTests
{
    [Fact]
    public void An_integer_override_binds_as_an_int()
    {
        var experiment = TinyExperiment.Resolve("train.epochs=3");

        Assert.Equal(3, experiment.Options.Train.Epochs);
        Assert.Contains(new KeyValuePair<string, string>("train.epochs", "3"), experiment.ToParams());
    }

    [Fact]
    public void A_number_override_reaches_the_plugin_options_as_a_double()
    {
        var experiment = TinyExperiment.Resolve("loss.temperature=0.2");

        Assert.Equal(0.2, Option(experiment[ComponentKind.Loss], "Temperature"));
        Assert.Contains(new KeyValuePair<string, string>("loss.temperature", "0.2"), experiment.ToParams());
    }

    [Fact]
    public void A_list_override_replaces_the_whole_list()
    {
        var experiment = TinyExperiment.Resolve("augment.crop_scale=[0.5, 1.0]");

        Assert.Equal(new[] { 0.5, 1.0 }, Option(experiment[ComponentKind.Augmentation], "CropScale"));
    }

    [Fact]
    public void A_list_entry_is_addressed_by_its_index()
    {
        var experiment = TinyExperiment.Resolve("eval.0.k=3");

        Assert.Equal(3, Option(Assert.Single(experiment.Evaluators), "K"));
        Assert.Contains(new KeyValuePair<string, string>("eval.0.k", "3"), experiment.ToParams());
    }

    [Fact]
    public void An_override_of_a_section_that_is_not_written_creates_it()
    {
        var experiment = TinyExperiment.Resolve("train.optimizer.type=sgd", "train.optimizer.momentum=0.5");

        Assert.Equal(OptimizerKind.Sgd, experiment.Options.Train.Optimizer.Type);
        Assert.Equal(0.5, experiment.Options.Train.Optimizer.Momentum);
        Assert.Equal(0.001, experiment.Options.Train.Optimizer.Lr);
    }

    [Fact]
    public void Later_overrides_of_the_same_key_win()
    {
        var experiment = TinyExperiment.Resolve("train.epochs=3", "train.epochs=4");

        Assert.Equal(4, experiment.Options.Train.Epochs);
    }

    [Fact]
    public void A_value_after_the_first_equals_sign_is_kept_whole()
    {
        var experiment = TinyExperiment.Resolve("name=a=b");

        Assert.Equal("a=b", experiment.Options.Name);
    }

    [Fact]
    public void A_mapping_override_with_another_type_replaces_the_section()
    {
        var experiment = TinyExperiment.Resolve("head={type: open}");

        Assert.Equal("open", experiment[ComponentKind.SubspaceHead].Descriptor.Name);
    }

    [Fact]
    public void Overriding_only_the_type_of_a_section_drops_the_options_of_the_old_type()
    {
        // experiments/quickstart.yaml documents `--set head.type=open`; the tiny head sets embed and hidden,
        // which the open head does not have. Like a child file with another `type:`, the override starts the section afresh.
        var experiment = TinyExperiment.Resolve("head.type=open");

        Assert.Equal("open", experiment[ComponentKind.SubspaceHead].Descriptor.Name);
    }

    [Fact]
    public void An_override_below_a_single_value_is_an_error_naming_the_value_and_where_it_was_written()
    {
        var error = Assert.Throws<ConfigurationException>(() => TinyExperiment.Resolve("seed.x=1"));

        Assert.Equal("--set seed.x=1: 'seed' is a single value (at tiny.yaml:2:7), so it has no key 'x'.", Assert.Single(error.Problems));
    }

    [Fact]
    public void An_index_past_the_end_of_a_list_is_an_error_with_the_valid_range()
    {
        var error = Assert.Throws<ConfigurationException>(() => TinyExperiment.Resolve("eval.3.k=5"));

        Assert.Equal("--set eval.3.k=5: 'eval' is a list with 1 entries; address one by its index 0..0, e.g. eval.0.k.", error.Message);
    }

    [Theory]
    [InlineData("train.epochs", "an override is written key.path=value")]
    [InlineData("=3", "an override is written key.path=value")]
    [InlineData("train..epochs=3", "'train..epochs' is not a valid key path")]
    public void A_malformed_override_is_an_error_that_shows_the_right_form(string assignment, string expected)
    {
        var error = Assert.Throws<ConfigurationException>(() => TinyExperiment.Resolve(assignment));

        Assert.StartsWith($"--set {assignment}: {expected}", error.Message);
    }

    [Fact]
    public void A_mistyped_override_value_is_reported_against_the_override()
    {
        var error = Assert.Throws<ConfigurationException>(() => TinyExperiment.Resolve("train.epochs=many"));

        Assert.Equal("--set train.epochs=many: 'train.epochs' must be an integer; found 'many'.", Assert.Single(error.Problems));
    }

    [Fact]
    public void An_override_value_is_parsed_as_yaml_so_quotes_keep_text()
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
