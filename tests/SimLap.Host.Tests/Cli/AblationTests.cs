namespace SimLap.Host.Tests;

/// <summary>The paper's ablations switch components from the command line or a small YAML file, without recompiling.</summary>
public sealed class AblationTests
{
    /// <summary>The commands documented at the top of experiments/quickstart.yaml.</summary>
    [Theory]
    [InlineData("open", "arbitrary", new[] { "head.type=open" })]
    [InlineData("open", "identical", new[] { "pairs.type=identical", "head.type=open" })]
    public void RunWithSetOverridesSwitchesComponents(string head, string pairs, string[] overrides)
    {
        using var workspace = new TestWorkspace();
        var experiment = workspace.WriteTinyExperiment();

        var result = CliRunner.Run(workspace.Path, ["run", experiment, .. overrides.SelectMany(o => new[] { "--set", o })]);

        AssertRunUsed(workspace, result, head, pairs);
    }

    /// <summary>The same ablations written as experiment files (experiments/ablations, experiments/baselines).</summary>
    [Theory]
    [InlineData("ablations/arbitrary-no-gate.yaml", "open", "arbitrary")]
    [InlineData("baselines/supcon.yaml", "open", "identical")]
    [InlineData("baselines/supcon-method-form.yaml", "open", "identical")]
    public void RunAblationFilesSwitchComponents(string extends, string head, string pairs)
    {
        using var workspace = new TestWorkspace();
        var experiment = workspace.WriteTinyExperiment(extends: extends, shrinkGate: false);

        var result = CliRunner.Run(workspace.Path, "run", experiment);

        AssertRunUsed(workspace, result, head, pairs);
    }

    private static void AssertRunUsed(TestWorkspace workspace, CliResult result, string head, string pairs)
    {
        CliAssert.ExitCode(result, 0);
        CliAssert.NoStackTrace(result);
        CliAssert.StdoutContains(result, "final loss", "eval/knn/top1");
        var run = Assert.Single(new MlrunsStore(workspace.MlrunsPath).RunFolders());
        Assert.Equal(MlrunsStore.Finished, MlrunsStore.Status(run));
        Assert.Equal(head, MlrunsStore.ReadValue(run, "params", "head.type"));
        Assert.Equal(pairs, MlrunsStore.ReadValue(run, "params", "pairs.type"));
        Assert.False(File.Exists(Path.Combine(run, "params", "head.embed")), "The open head has no options, yet head.embed was logged.");
        Assert.NotEmpty(MlrunsStore.ReadMetric(run, "train/loss"));
    }
}
