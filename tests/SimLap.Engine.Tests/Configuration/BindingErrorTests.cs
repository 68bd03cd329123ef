using SimLap.Contracts.Components;
using SimLap.Engine.Configuration;
using SimLap.Engine.Experiments;
using SimLap.Engine.Tests.TestSupport;

namespace SimLap.Engine.Tests.Configuration;

/// <summary>The messages a user sees for a wrong experiment, bound through ExperimentResolver.Bind against the real plugin.</summary>
public sealed class BindingErrorTests
{
    [Fact]
    public void AnUnknownComponentOptionSuggestsTheNearestKeyAtTheKeyPosition()
    {
        var error = Bind("head: {type: simlap-gate, fusee: true}");

        Assert.Equal(
            "tiny.yaml:1:27: unknown key 'head.fusee' for head type 'simlap-gate'. Did you mean 'fuse'? Allowed keys: embed, hidden, fuse, batch_norm, penalty, type.",
            Assert.Single(error.Problems));
    }

    [Fact]
    public void AMisspelledTrackingLogModelSuggestsTheKeyAndAWordIsNoBoolean()
    {
        var misspelled = Bind("tracking: {log_modle: false}");
        var word = Bind("tracking: {log_model: sometimes}");

        var problem = Assert.Single(misspelled.Problems);
        Assert.StartsWith("tiny.yaml:1:12: unknown key 'tracking.log_modle'", problem);
        Assert.Contains("Did you mean 'log_model'?", problem);
        Assert.Contains("experiment, uri, run_name, log_model", problem);
        Assert.Equal("tiny.yaml:1:23: 'tracking.log_model' must be one of true|false; found 'sometimes'.", Assert.Single(word.Problems));
    }

    [Fact]
    public void AWordWhereAnIntegerBelongsIsReportedAtTheValuePosition()
    {
        var error = Bind("train: {epochs: many}");

        Assert.Equal("tiny.yaml:1:17: 'train.epochs' must be an integer; found 'many'.", Assert.Single(error.Problems));
    }

    [Fact]
    public void AValueOutOfRangeNamesTheAllowedRange()
    {
        var error = Bind("train: {batch_size: -4}");

        Assert.Equal("tiny.yaml:1:21: 'train.batch_size' is -4, but must be between 2 and 1048576.", Assert.Single(error.Problems));
    }

    [Fact]
    public void APluginOptionOutOfRangeIsReportedAtItsValue()
    {
        var error = Bind("loss: {type: multi-positive, temperature: 0}");

        Assert.Equal("tiny.yaml:1:43: 'loss.temperature' is 0, but must be between 0.0001 and 100.", Assert.Single(error.Problems));
    }

    [Fact]
    public void AnUnknownComponentTypeSuggestsTheNearestAndListsTheInstalledOnes()
    {
        var error = Bind("head: {type: simlap-gat}");

        Assert.Equal($"tiny.yaml:1:14: unknown head type 'simlap-gat'. Did you mean 'simlap-gate'? Installed: {Installed(ComponentKind.SubspaceHead)}.", Assert.Single(error.Problems));
        Assert.Contains("open, ", Installed(ComponentKind.SubspaceHead));
    }

    [Fact]
    public void AComponentOfAnotherKindIsNamedAsSuch()
    {
        var error = Bind("head: {type: knn}");

        var problem = Assert.Single(error.Problems);
        Assert.StartsWith("tiny.yaml:1:14: unknown head type 'knn'.", problem);
        Assert.Contains("'knn' is a", problem);
        Assert.Contains("eval component", problem);
        Assert.EndsWith($"Installed: {Installed(ComponentKind.SubspaceHead)}.", problem);
    }

    [Fact]
    public void AnUnknownTopLevelKeySuggestsTheNearestSection()
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
    public void AMissingSectionListsTheTypesThatCouldFillIt()
    {
        var error = Assert.Throws<ConfigurationException>(() => TinyExperiment.Bind(TinyExperiment.YamlWithout("loss")));

        Assert.Equal($"tiny.yaml:1:1: missing section 'loss:' — it needs at least 'type:', one of: {Installed(ComponentKind.Loss)}.", Assert.Single(error.Problems));
        Assert.Contains("multi-positive, nt-xent", Installed(ComponentKind.Loss));
    }

    [Fact]
    public void ASectionWithoutTypeListsTheAllowedTypes()
    {
        var error = Bind("pairs: {}");

        Assert.Equal($"tiny.yaml:1:8: 'pairs' has no 'type:'; allowed types: {Installed(ComponentKind.PairSampler)}.", Assert.Single(error.Problems));
        Assert.StartsWith("arbitrary, distinct, identical, instance", Installed(ComponentKind.PairSampler));
    }

    [Fact]
    public void ASectionThatIsASingleWordMustBeAMapping()
    {
        var error = Bind("pairs: arbitrary");

        Assert.Equal($"tiny.yaml:1:8: 'pairs' must be a mapping with a 'type:' key (one of: {Installed(ComponentKind.PairSampler)}).", Assert.Single(error.Problems));
    }

    [Fact]
    public void AMisspeltEnumWordListsTheWordsAndSuggestsTheNearest()
    {
        var error = Bind("projector: {type: mlp, last_norm: layr}");

        Assert.Equal("tiny.yaml:1:35: 'projector.last_norm' must be one of layer|batch|none; found 'layr'. Did you mean 'layer'?", Assert.Single(error.Problems));
    }

    [Fact]
    public void CorruptionNamesBindInSnakeCaseAndAMisspeltOneSuggestsTheNearest()
    {
        var experiment = TinyExperiment.Bind(TinyExperiment.YamlStartingWith("eval: [{type: corruption, corruptions: [fog, glass_blur, snow]}]"));
        Assert.Equal("[fog, glass-blur, snow]", experiment.ToParams().Single(p => p.Key == "eval.0.corruptions").Value);

        var error = Bind("eval: [{type: corruption, corruptions: [fog, glas_blur]}]");
        Assert.Equal(
            "tiny.yaml:1:46: 'eval.0.corruptions[1]' must be one of gaussian-noise|shot-noise|impulse-noise|gaussian-blur|defocus-blur|motion-blur|zoom-blur|brightness|contrast|saturate|pixelate|jpeg|elastic-transform|fog|glass-blur|snow; found 'glas_blur'. Did you mean 'glass-blur'?",
            Assert.Single(error.Problems));
    }

    [Fact]
    public void ANonBooleanForASwitchIsAnError()
    {
        var error = Bind("head: {type: simlap-gate, fuse: yes}");

        Assert.Equal("tiny.yaml:1:33: 'head.fuse' must be one of true|false; found 'yes'.", Assert.Single(error.Problems));
    }

    [Fact]
    public void AListElementOfTheWrongTypeNamesItsIndex()
    {
        var error = Bind("backbone: {type: small-cnn, widths: [8, wide]}");

        Assert.Equal("tiny.yaml:1:41: 'backbone.widths[1]' must be an integer; found 'wide'.", Assert.Single(error.Problems));
    }

    [Fact]
    public void ACrossFieldRuleOfAPluginIsReportedAtTheOption()
    {
        var error = Bind("augment: {type: simclr, crop_scale: [0.9, 0.1]}");

        Assert.Equal("tiny.yaml:1:37: 'augment.crop_scale': crop_scale must be [min, max] with 0 < min <= max <= 1.", Assert.Single(error.Problems));
    }

    [Fact]
    public void AMappingWhereANestedOptionsObjectBelongsListsItsKeys()
    {
        var error = Bind("train: {optimizer: adam}");

        var problem = Assert.Single(error.Problems);
        Assert.StartsWith("tiny.yaml:1:20: 'train.optimizer' must be a mapping of keys (type, lr, weight_decay, momentum, ", problem);
        Assert.EndsWith("); found 'adam'.", problem);
    }

    [Fact]
    public void ABadDeviceIsReportedByTheExperimentRule()
    {
        var error = Bind("device: gpu");

        Assert.Equal("tiny.yaml:1:9: 'device': 'gpu' is not a device; use auto, cpu, cuda or cuda:N.", Assert.Single(error.Problems));
    }

    [Fact]
    public void AListOptionLeftEmptyDoesNotBecomeNull()
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
    public void ADeviceLeftEmptyIsAConfigurationErrorNotACrash()
    {
        var error = Bind("device: ");

        Assert.StartsWith("tiny.yaml:1:", Assert.Single(error.Problems));
        Assert.Contains("'device'", error.Message);
    }

    [Fact]
    public void SeveralProblemsAreReportedTogetherInFileOrderOfTheSections()
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
    public void EnumWordsIgnoreCaseDashesAndUnderscores(string word)
    {
        var experiment = TinyExperiment.Bind(TinyExperiment.YamlStartingWith($"train: {{optimizer: {{type: {word}}}}}"));

        Assert.Equal(OptimizerKind.AdamW, experiment.Options.Train.Optimizer.Type);
    }

    [Fact]
    public void AQuotedNumberIsTextNotAnInteger()
    {
        var error = Bind("train: {epochs: '3'}");

        Assert.Equal("tiny.yaml:1:17: 'train.epochs' must be an integer; found '3'.", Assert.Single(error.Problems));
    }

    [Fact]
    public void AValueTypeOptionLeftEmptyNeedsAValue()
    {
        var error = Bind("train: {epochs: }");

        Assert.Equal("tiny.yaml:1:17: 'train.epochs' needs a value (integer); found nothing.", Assert.Single(error.Problems));
    }

    [Fact]
    public void ATextOptionLeftEmptyDoesNotBecomeNull()
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
