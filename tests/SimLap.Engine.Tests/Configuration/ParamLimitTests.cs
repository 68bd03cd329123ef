using SimLap.Engine.Configuration;
using SimLap.Engine.Tests.TestSupport;

namespace SimLap.Engine.Tests.Configuration;

/// <summary>Each option is logged as one MLflow param: lists and texts past MLflow's limits are refused at their line.</summary>
public sealed class ParamLimitTests
{
    [Fact]
    public void AListOptionOfMoreThanAThousandItemsIsRefusedAtItsLine()
    {
        var widths = "[" + string.Join(", ", Enumerable.Repeat("8", 1001)) + "]";

        var error = Assert.Throws<ConfigurationException>(() => TinyExperiment.Bind(TinyExperiment.YamlStartingWith($"backbone: {{type: small-cnn, widths: {widths}}}")));

        Assert.Contains($"{TinyExperiment.FileName}:1:", error.Problems.Single(p => p.Contains("backbone.widths", StringComparison.Ordinal)));
        Assert.Contains("'backbone.widths' has 1,001 items; an option's list may have at most 1,000", error.Message);
    }

    [Fact]
    public void ATextOptionLongerThanMlflowsParamLimitIsRefused()
    {
        var error = Assert.Throws<ConfigurationException>(() => TinyExperiment.Bind(TinyExperiment.Yaml(), "tracking.run_name=" + new string('r', 6001)));

        Assert.Equal($"--set tracking.run_name={new string('r', 6001)}: 'tracking.run_name' is 6,001 characters long as text; an option's value may be at most 6,000 (MLflow's limit on a param value).", Assert.Single(error.Problems));
    }

    [Fact]
    public void MoreThanAHundredEvaluatorsAreRefused()
    {
        var eval = "eval: [" + string.Join(", ", Enumerable.Repeat("{type: knn}", 101)) + "]";

        var error = Assert.Throws<ConfigurationException>(() => TinyExperiment.Bind(TinyExperiment.YamlStartingWith(eval)));

        Assert.Equal($"{TinyExperiment.FileName}:1:7: 'eval' lists 101 evaluators; an experiment may have at most 100.", Assert.Single(error.Problems));
    }
}
