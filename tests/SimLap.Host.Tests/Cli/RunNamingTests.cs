namespace SimLap.Host.Tests;

/// <summary>Single runs of one file get names that read apart: what --set changed, else a random MLflow-style suffix.</summary>
public sealed class RunNamingTests
{
    [Fact]
    public void RunsOfOneFileHaveUniqueNamesAndTheSetOverridesNameARun()
    {
        using var workspace = new TestWorkspace();
        var experiment = workspace.WriteTinyExperiment();
        var quick = workspace.Write("quick.yaml", $"extends: [{TestWorkspace.Quote(experiment)}]\neval: []\n");

        for (var i = 0; i < 3; i++)
        {
            CliAssert.ExitCode(CliRunner.Run(workspace.Path, "run", quick, "--quiet"), 0);
        }

        CliAssert.ExitCode(CliRunner.Run(workspace.Path, "run", quick, "--quiet", "--set", "seed=5", "--set", "head.type=open"), 0);

        var store = new MlrunsStore(workspace.MlrunsPath);
        var names = store.RunFolders().Select(f => MlrunsStore.ReadValue(f, "tags", "mlflow.runName")).ToList();
        Assert.Equal(4, names.Count);
        Assert.Equal(4, names.Distinct().Count());
        Assert.Single(names, n => n == "quickstart seed=5 head.type=open");
        Assert.Equal(3, names.Count(n => System.Text.RegularExpressions.Regex.IsMatch(n, "^quickstart [a-z]+-[a-z]+-[0-9]{3}$")));
    }
}
