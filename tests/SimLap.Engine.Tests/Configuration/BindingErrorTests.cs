using SimLap.Contracts.Components;
using SimLap.Engine.Configuration;
using SimLap.Engine.Experiments;
using SimLap.Engine.Tests.TestSupport;

namespace SimLap.Engine.Tests.Configuration;

/// <summary>The messages a user sees for a wrong experiment, bound through ExperimentResolver.Bind against the real plugin.</summary>
public sealed class BindingErrorTests
{
    [Fact]
    public void An_unknown_component_option_suggests_the_nearest_key_at_the_key_position()
    {
        var error = Bind("head: {type: simlap-gate, fusee: true}");

        Assert.Equal(
            "tiny.yaml:1:27: unknown key 'head.fusee' for head type 'simlap-gate'. Did you mean 'fuse'? Allowed keys: embed, hidden, fuse, penalty, type.",
            Assert.Single(error.Problems));
    }

    [Fact]
    public void A_word_where_an_integer_belongs_is_reported_at_the_value_position()
    {
        var error = Bind("train: {epochs: many}");

        Assert.Equal("tiny.yaml:1:17: 'train.epochs' must be an integer; found 'many'.", Assert.Single(error.Problems));
    }

    [Fact]
    public void A_value_out_of_range_names_the_allowed_range()
    {
        var error = Bind("train: {batch_size: -4}");

        Assert.Equal("tiny.yaml:1:21: 'train.batch_size' is -4, but must be between 2 and 1048576.", Assert.Single(error.Problems));
    }

    [Fact]
    public void A_plugin_option_out_of_range_is_reported_at_its_value()
    {
        var error = Bind("loss: {type: multi-positive, temperature: 0}");

        Assert.Equal("tiny.yaml:1:43: 'loss.temperature' is 0, but must be between 0.0001 and 100.", Assert.Single(error.Problems));
    }

    [Fact]
    public void An_unknown_component_type_suggests_the_nearest_and_lists_the_installed_ones()
    {
        var error = Bind("head: {type: simlap-gat}");

        Assert.Equal($"tiny.yaml:1:14: unknown head type 'simlap-gat'. Did you mean 'simlap-gate'? Installed: {Installed(ComponentKind.SubspaceHead)}.", Assert.Single(error.Problems));
        Assert.Contains("open, ", Installed(ComponentKind.SubspaceHead));
    }

    [Fact]
    public void A_component_of_another_kind_is_named_as_such()
    {
        var error = Bind("head: {type: knn}");

        var problem = Assert.Single(error.Problems);
        Assert.StartsWith("tiny.yaml:1:14: unknown head type 'knn'.", problem);
        Assert.Contains("'knn' is a", problem);
        Assert.Contains("eval component", problem);
        Assert.EndsWith($"Installed: {Installed(ComponentKind.SubspaceHead)}.", problem);
    }

    [Fact]
    public void An_unknown_top_level_key_suggests_the_nearest_section()
    {
        var error = Bind("trian: {epochs: 2}");

        var sections = "data, augment, backbone, projector, pairs, head, loss, eval";
        var allowed = string.Join(", ", OptionsSchema.For(typeof(ExperimentOptions)).Options.Select(o => o.Key)) + ", " + sections;
        var problem = Assert.Single(error.Problems);
        Assert.StartsWith($"tiny.yaml:1:1: unknown key 'trian' for an experiment (component sections: {sections}). Did you mean 'train'?", problem);
        Assert.Contains($"Allowed keys: {allowed}", problem);
        Assert.StartsWith("name, seed, device, ", allowed);
        Assert.Contains(", train, ", allowed);
    }

    [Fact]
    public void A_missing_section_lists_the_types_that_could_fill_it()
    {
        var error = Assert.Throws<ConfigurationException>(() => TinyExperiment.Bind(TinyExperiment.YamlWithout("loss")));

        Assert.Equal($"tiny.yaml:1:1: missing section 'loss:' — it needs at least 'type:', one of: {Installed(ComponentKind.Loss)}.", Assert.Single(error.Problems));
        Assert.Contains("multi-positive, nt-xent", Installed(ComponentKind.Loss));
    }

    [Fact]
    public void A_section_without_type_lists_the_allowed_types()
    {
        var error = Bind("pairs: {}");

        Assert.Equal($"tiny.yaml:1:8: 'pairs' has no 'type:'; allowed types: {Installed(ComponentKind.PairSampler)}.", Assert.Single(error.Problems));
        Assert.StartsWith("arbitrary, distinct, identical, instance", Installed(ComponentKind.PairSampler));
    }

    [Fact]
    public void A_section_that_is_a_single_word_must_be_a_mapping()
    {
        var error = Bind("pairs: arbitrary");

        Assert.Equal($"tiny.yaml:1:8: 'pairs' must be a mapping with a 'type:' key (one of: {Installed(ComponentKind.PairSampler)}).", Assert.Single(error.Problems));
    }

    [Fact]
    public void A_misspelt_enum_word_lists_the_words_and_suggests_the_nearest()
    {
        var error = Bind("projector: {type: mlp, last_norm: layr}");

        Assert.Equal("tiny.yaml:1:35: 'projector.last_norm' must be one of layer|batch|none; found 'layr'. Did you mean 'layer'?", Assert.Single(error.Problems));
    }

    [Fact]
    public void Corruption_names_bind_in_snake_case_and_a_misspelt_one_suggests_the_nearest()
    {
        var experiment = TinyExperiment.Bind(TinyExperiment.YamlStartingWith("eval: [{type: corruption, corruptions: [fog, glass_blur, snow]}]"));
        Assert.Equal("[fog, glass-blur, snow]", experiment.ToParams().Single(p => p.Key == "eval.0.corruptions").Value);

        var error = Bind("eval: [{type: corruption, corruptions: [fog, glas_blur]}]");
        Assert.Equal(
            "tiny.yaml:1:46: 'eval.0.corruptions[1]' must be one of gaussian-noise|shot-noise|impulse-noise|gaussian-blur|defocus-blur|motion-blur|zoom-blur|brightness|contrast|saturate|pixelate|jpeg|elastic-transform|fog|glass-blur|snow; found 'glas_blur'. Did you mean 'glass-blur'?",
            Assert.Single(error.Problems));
    }

    [Fact]
    public void A_non_boolean_for_a_switch_is_an_error()
    {
        var error = Bind("head: {type: simlap-gate, fuse: yes}");

        Assert.Equal("tiny.yaml:1:33: 'head.fuse' must be one of true|false; found 'yes'.", Assert.Single(error.Problems));
    }

    [Fact]
    public void A_list_element_of_the_wrong_type_names_its_index()
    {
        var error = Bind("backbone: {type: small-cnn, widths: [8, wide]}");

        Assert.Equal("tiny.yaml:1:41: 'backbone.widths[1]' must be an integer; found 'wide'.", Assert.Single(error.Problems));
    }

    [Fact]
    public void A_cross_field_rule_of_a_plugin_is_reported_at_the_option()
    {
        var error = Bind("augment: {type: simclr, crop_scale: [0.9, 0.1]}");

        Assert.Equal("tiny.yaml:1:37: 'augment.crop_scale': crop_scale must be [min, max] with 0 < min <= max <= 1.", Assert.Single(error.Problems));
    }

    [Fact]
    public void A_mapping_where_a_nested_options_object_belongs_lists_its_keys()
    {
        var error = Bind("train: {optimizer: adam}");

        var problem = Assert.Single(error.Problems);
        Assert.StartsWith("tiny.yaml:1:20: 'train.optimizer' must be a mapping of keys (type, lr, weight_decay, momentum, ", problem);
        Assert.EndsWith("); found 'adam'.", problem);
    }

    [Fact]
    public void A_bad_device_is_reported_by_the_experiment_rule()
    {
        var error = Bind("device: gpu");

        Assert.Equal("tiny.yaml:1:9: 'device': 'gpu' is not a device; use auto, cpu, cuda or cuda:N.", Assert.Single(error.Problems));
    }

    [Fact]
    public void A_list_option_left_empty_does_not_become_null()
    {
        // `milestones:` with nothing after it is YAML null; the step schedule counts the milestones every step.
        ResolvedExperiment experiment;
        try
        {
            experiment = TinyExperiment.Bind(TinyExperiment.YamlStartingWith("train: {epochs: 2, batch_size: 16, schedule: step, milestones: }"));
        }
        catch (ConfigurationException error)
        {
            Assert.Contains("train.milestones", error.Message);
            return;
        }

        Assert.NotNull(experiment.Options.Train.Milestones);
        Assert.Equal(0.001, new Engine.Training.LearningRatePlan(experiment.Options.Train, 4).At(5), 1e-12);
    }

    [Fact]
    public void A_device_left_empty_is_a_configuration_error_not_a_crash()
    {
        var error = Bind("device: ");

        Assert.StartsWith("tiny.yaml:1:", Assert.Single(error.Problems));
        Assert.Contains("'device'", error.Message);
    }

    [Fact]
    public void Several_problems_are_reported_together_in_file_order_of_the_sections()
    {
        var yaml = string.Join("\n",
        [
            "trian: {epochs: 2}",
            "head: {type: simlap-gate, fusee: true}",
            "train: {epochs: many, batch_size: -4}",
            "projector: {type: mlp, last_norm: layr}",
            .. TinyExperiment.Lines.Where(l => !l.StartsWith("head:") && !l.StartsWith("train:") && !l.StartsWith("projector:") && !l.StartsWith("loss:")),
        ]);

        var error = Assert.Throws<ConfigurationException>(() => TinyExperiment.Bind(yaml));

        Assert.Equal(6, error.Problems.Count);
        Assert.StartsWith("tiny.yaml:1:1: unknown key 'trian'", error.Problems[0]);
        Assert.Contains(error.Problems, p => p.StartsWith("tiny.yaml:3:17: 'train.epochs' must be an integer; found 'many'."));
        Assert.Contains(error.Problems, p => p.StartsWith("tiny.yaml:3:35: 'train.batch_size' is -4, but must be between 2 and"));
        Assert.Contains(error.Problems, p => p.StartsWith("tiny.yaml:4:35: 'projector.last_norm' must be one of layer|batch|none; found 'layr'."));
        Assert.Contains(error.Problems, p => p.StartsWith("tiny.yaml:2:27: unknown key 'head.fusee'"));
        Assert.Contains(error.Problems, p => p.StartsWith("tiny.yaml:1:1: missing section 'loss:'"));
        Assert.Equal(string.Join(Environment.NewLine, error.Problems), error.Message);
    }

    [Theory]
    [InlineData("adam-w")]
    [InlineData("adamw")]
    [InlineData("AdamW")]
    [InlineData("adam_w")]
    public void Enum_words_ignore_case_dashes_and_underscores(string word)
    {
        var experiment = TinyExperiment.Bind(TinyExperiment.YamlStartingWith($"train: {{optimizer: {{type: {word}}}}}"));

        Assert.Equal(OptimizerKind.AdamW, experiment.Options.Train.Optimizer.Type);
    }

    [Fact]
    public void A_quoted_number_is_text_not_an_integer()
    {
        var error = Bind("train: {epochs: '3'}");

        Assert.Equal("tiny.yaml:1:17: 'train.epochs' must be an integer; found '3'.", Assert.Single(error.Problems));
    }

    [Fact]
    public void A_value_type_option_left_empty_needs_a_value()
    {
        var error = Bind("train: {epochs: }");

        Assert.Equal("tiny.yaml:1:17: 'train.epochs' needs a value (integer); found nothing.", Assert.Single(error.Problems));
    }

    [Fact]
    public void A_text_option_left_empty_does_not_become_null()
    {
        // `run_name:` with nothing after it is YAML null. The property is a non-nullable string, and the runner reads
        // options.Tracking.RunName.Length: binding null here either must be refused or must keep the default "".
        ResolvedExperiment experiment;
        try
        {
            experiment = TinyExperiment.Bind(TinyExperiment.YamlStartingWith("tracking: {experiment: engine-tests, run_name: }"));
        }
        catch (ConfigurationException error)
        {
            Assert.Contains("tracking.run_name", error.Message);
            return;
        }

        Assert.NotNull(experiment.Options.Tracking.RunName);
    }

    /// <summary>The installed components of a kind, sorted, as the messages list them.</summary>
    private static string Installed(ComponentKind kind) =>
        string.Join(", ", RealPlugins.Catalog.Components.Where(c => c.Kind == kind).Select(c => c.Name).Order());

    private static ConfigurationException Bind(string firstLine) =>
        Assert.Throws<ConfigurationException>(() => TinyExperiment.Bind(TinyExperiment.YamlStartingWith(firstLine)));
}
