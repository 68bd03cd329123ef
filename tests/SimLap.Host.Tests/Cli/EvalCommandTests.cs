namespace SimLap.Host.Tests;

/// <summary><c>simlap eval</c> evaluates a run's saved encoder again and logs into the same run.</summary>
public sealed class EvalCommandTests
{
    [Fact]
    public void EvaluatingAFinishedRunReproducesItsKnnAccuracyAndLogsIntoIt()
    {
        using var workspace = new TestWorkspace();
        var experiment = workspace.WriteTinyExperiment();
        var trained = CliRunner.Run(workspace.Path, "run", experiment, "--quiet");
        CliAssert.ExitCode(trained, 0);
        var run = Assert.Single(new MlrunsStore(workspace.MlrunsPath).RunFolders());
        var runId = System.IO.Path.GetFileName(run);
        var logged = Assert.Single(MlrunsStore.ReadMetric(run, "eval/knn/top1"));

        var result = CliRunner.Run(workspace.Path, "eval", experiment, "--run", runId, "--quiet");

        CliAssert.ExitCode(result, 0);
        CliAssert.StdoutContains(result, $"logged to run {runId}");
        var points = MlrunsStore.ReadMetric(run, "eval/knn/top1");
        Assert.Equal(2, points.Count);
        Assert.Equal(logged.Value, points[1].Value);
        Assert.Equal(logged.Step, points[1].Step);
        Assert.Equal(MlrunsStore.Finished, MlrunsStore.Status(run));
    }

    [Fact]
    public void EvaluatingARunOnAnotherDataSetLogsUnderItsNameAndKeepsTheRunsOwnEvaluatorTagsAndPlots()
    {
        using var workspace = new TestWorkspace();
        var experiment = workspace.WriteTinyExperiment();
        var trained = CliRunner.Run(workspace.Path, "run", experiment, "--quiet", "--set", "eval=[{type: knn, k: 5}, {type: few-shot, shots: [1], seeds: 1}]");
        CliAssert.ExitCode(trained, 0);
        var run = Assert.Single(new MlrunsStore(workspace.MlrunsPath).RunFolders());
        var runId = System.IO.Path.GetFileName(run);
        var knn = Assert.Single(MlrunsStore.ReadMetric(run, "eval/knn/top1"));
        var plot = System.IO.Path.Combine(run, "artifacts", "eval", "few-shot", "few-shot-epoch001.png");
        var inDomainPlot = File.ReadAllBytes(plot);

        var transfer = "{type: synthetic, image_size: 16, shapes: 3, colours: 1, train_per_class: 4, test_per_class: 4}";
        var result = CliRunner.Run(workspace.Path, "eval", experiment, "--run", runId, "--quiet", "--set", $"eval=[{{type: few-shot, shots: [1, 2], seeds: 2, data: {transfer}}}]");

        CliAssert.ExitCode(result, 0);
        CliAssert.StdoutContains(result, $"logged to run {runId}");
        // Into the same run, at its last step, under the data set's name: the in-domain few-shot metrics are not touched.
        var mean = Assert.Single(MlrunsStore.ReadMetric(run, "eval/few-shot/synthetic/shots_2/mean"));
        var draws = new[] { "seed_0", "seed_1" }.Select(d => Assert.Single(MlrunsStore.ReadMetric(run, $"eval/few-shot/synthetic/shots_2/{d}")).Value).ToArray();
        Assert.Equal(knn.Step, mean.Step);
        Assert.Equal((draws[0] + draws[1]) / 2, mean.Value, 9);
        Assert.Single(MlrunsStore.ReadMetric(run, "eval/few-shot/shots_1/mean"));
        // The run's own eval sections keep their tags, and its in-domain plot is not replaced by the transfer plot.
        Assert.Equal("knn", MlrunsStore.ReadValue(run, "tags", "simlap.eval.0.protocol"));
        Assert.Equal("few-shot", MlrunsStore.ReadValue(run, "tags", "simlap.eval.1.protocol"));
        Assert.Equal(inDomainPlot, File.ReadAllBytes(plot));
        Assert.True(File.Exists(System.IO.Path.Combine(run, "artifacts", "eval", "few-shot", "synthetic", "few-shot-epoch001.png")));
        Assert.Equal(MlrunsStore.Finished, MlrunsStore.Status(run));
    }

    [Fact]
    public void EvaluatingWithoutARunIsAUsageError()
    {
        using var workspace = new TestWorkspace();
        var experiment = workspace.WriteTinyExperiment();

        var result = CliRunner.Run(workspace.Path, "eval", experiment);

        CliAssert.ExitCode(result, 2);
        CliAssert.StderrContains(result, "--run <RUN> is required");
    }
}
