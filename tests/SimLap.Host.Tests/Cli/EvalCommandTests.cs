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
    public void EvaluatingWithoutARunIsAUsageError()
    {
        using var workspace = new TestWorkspace();
        var experiment = workspace.WriteTinyExperiment();

        var result = CliRunner.Run(workspace.Path, "eval", experiment);

        CliAssert.ExitCode(result, 2);
        CliAssert.StderrContains(result, "--run <RUN> is required");
    }
}
