namespace SimLap.Host.Tests;

/// <summary>
/// A password or token written in tracking.uri never appears in the run: not in its params, tags or resolved.yaml
/// artifact, not in the spool of a server run, not on stdout or stderr; the user is warned once to use the variables.
/// </summary>
public sealed class SecretsTests
{
    private const string Password = "s3cret";
    private const string Token = "t0kenXYZ";

    [Fact]
    public void CredentialsInTheYAMLTrackingUriAreMaskedInEveryFileOfALocalRunAndInTheOutput()
    {
        using var workspace = new TestWorkspace();
        var experiment = workspace.WriteTinyExperiment();
        File.AppendAllText(experiment, $"tracking:\n  uri: http://alice:{Password}@127.0.0.1:1/?token={Token}\n");

        var result = CliRunner.Run(workspace.Path, "run", experiment, "--tracking-uri", "./store");

        CliAssert.ExitCode(result, 0);
        var run = Assert.Single(new MlrunsStore(workspace.Combine("store")).RunFolders());
        Assert.Equal("http://alice:***@127.0.0.1:1/?token=***", MlrunsStore.ReadValue(run, "params", "tracking.uri"));
        Assert.Contains("uri: http://alice:***@127.0.0.1:1/?token=***", File.ReadAllText(Directory.GetFiles(run, "resolved.yaml", SearchOption.AllDirectories).Single()), StringComparison.Ordinal);
        AssertNowhere(workspace, experiment, result);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(result.StandardError, "carries a credential"));
        CliAssert.StderrContains(result, "tracking.uri carries a credential (http://alice:***@127.0.0.1:1/?token=***)", "MLFLOW_TRACKING_USERNAME", "MLFLOW_TRACKING_PASSWORD", "MLFLOW_TRACKING_TOKEN");
    }

    [Fact]
    public void AServerRunWithAPasswordInItsUriSpoolsWithoutItAndSaysSoOnce()
    {
        using var workspace = new TestWorkspace();
        var experiment = workspace.WriteTinyExperiment();
        File.AppendAllText(experiment, $"tracking:\n  uri: http://alice:{Password}@127.0.0.1:1/\n");
        var environment = new Dictionary<string, string?>
        {
            ["SIMLAP_SPOOL_DIR"] = workspace.Combine("spool"),
            ["SIMLAP_TRACKING_MAX_ATTEMPTS"] = "1",
            ["SIMLAP_TRACKING_BACKOFF_MS"] = "0",
        };

        var result = CliRunner.Run(workspace.Path, ["run", experiment], environment);

        CliAssert.ExitCode(result, 0);
        Assert.NotEmpty(Directory.GetFiles(workspace.Combine("spool"), "*", SearchOption.AllDirectories));
        AssertNowhere(workspace, experiment, result);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(result.StandardError, "carries a credential"));
    }

    private static void AssertNowhere(TestWorkspace workspace, string experiment, CliResult result)
    {
        Assert.DoesNotContain(Password, result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, result.StandardOutput + result.StandardError, StringComparison.Ordinal);
        foreach (var file in Directory.GetFiles(workspace.Path, "*", SearchOption.AllDirectories).Where(f => f != experiment))
        {
            var text = File.ReadAllText(file);
            Assert.False(text.Contains(Password, StringComparison.Ordinal) || text.Contains(Token, StringComparison.Ordinal), $"{file} holds the secret");
        }
    }
}
