namespace SimLap.Host.Tests;

/// <summary>Where <c>simlap run</c> logs: <c>--tracking-uri</c>, else MLFLOW_TRACKING_URI, else ./mlruns.</summary>
public sealed class TrackingUriTests
{
    [Fact]
    public void RunWithTrackingUriOptionLogsThereAndReusesTheExperiment()
    {
        using var workspace = new TestWorkspace();
        var experiment = workspace.WriteTinyExperiment();
        var environment = new Dictionary<string, string?> { ["MLFLOW_TRACKING_URI"] = "file:./from-environment" };

        var first = CliRunner.Run(workspace.Path, ["run", experiment, "--tracking-uri", "./store"], environment);
        var second = CliRunner.Run(workspace.Path, ["run", experiment, "--tracking-uri", "./store"], environment);

        CliAssert.ExitCode(first, 0);
        CliAssert.ExitCode(second, 0);
        Assert.False(Directory.Exists(workspace.MlrunsPath), "--tracking-uri was given, yet ./mlruns was created.");
        Assert.False(Directory.Exists(workspace.Combine("from-environment")), "--tracking-uri must win over MLFLOW_TRACKING_URI.");
        var store = new MlrunsStore(workspace.Combine("store"));
        var named = Assert.Single(store.ExperimentFolders(), e => Path.GetFileName(e) != "0");
        Assert.Equal(2, MlrunsStore.RunFoldersOf(named).Count);
        Assert.All(store.RunFolders(), run => Assert.Equal(MlrunsStore.Finished, MlrunsStore.Status(run)));
    }

    [Fact]
    public void RunWithMlflowTrackingUriFileUriLogsThere()
    {
        using var workspace = new TestWorkspace();
        var experiment = workspace.WriteTinyExperiment();

        var result = CliRunner.Run(workspace.Path, ["run", experiment], new Dictionary<string, string?> { ["MLFLOW_TRACKING_URI"] = "file:./env-store" });

        CliAssert.ExitCode(result, 0);
        Assert.False(Directory.Exists(workspace.MlrunsPath), "MLFLOW_TRACKING_URI was set, yet ./mlruns was created.");
        var run = Assert.Single(new MlrunsStore(workspace.Combine("env-store")).RunFolders());
        Assert.Equal(MlrunsStore.Finished, MlrunsStore.Status(run));
    }

    [Theory]
    [InlineData("http://", "MLFLOW_TRACKING_URI")]
    [InlineData("s3://bucket/runs", "not supported")]
    public void RunWithAnUnusableTrackingUriExitsWithConfigurationError(string uri, string hint)
    {
        using var workspace = new TestWorkspace();
        var experiment = workspace.WriteTinyExperiment();

        var result = CliRunner.Run(workspace.Path, ["run", experiment], new Dictionary<string, string?> { ["MLFLOW_TRACKING_URI"] = uri });

        CliAssert.ExitCode(result, 2);
        CliAssert.NoStackTrace(result);
        CliAssert.SingleError(result);
        CliAssert.StderrContains(result, $"tracking URI '{uri}'", hint);
        Assert.False(Directory.Exists(workspace.MlrunsPath), "An unusable tracking URI still created ./mlruns.");
    }
}
