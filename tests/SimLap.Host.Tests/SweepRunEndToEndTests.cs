namespace SimLap.Host.Tests;

/// <summary><c>simlap run</c> on a sweep file: one parent run, each trial a nested run named after what it changes.</summary>
public sealed class SweepRunEndToEndTests
{
    [Fact]
    public void Run_OfASweep_RunsEachTrialAsANestedRunNamedAfterItsOverrides()
    {
        using var workspace = new TestWorkspace();
        workspace.WriteTinyExperiment();
        var sweep = workspace.Write("sweep.yaml", "extends: [tiny.yaml]\ntrain: { epochs: 1 }\neval: []\nsweep:\n  seeds: [1, 2]\n");

        var result = CliRunner.Run(workspace.Path, "run", sweep);

        CliAssert.ExitCode(result, 0);
        CliAssert.NoError(result);
        var store = new MlrunsStore(workspace.MlrunsPath);
        var runs = store.RunFolders().ToList();
        var parent = Assert.Single(runs, f => !File.Exists(Path.Combine(f, "tags", "mlflow.parentRunId")));
        Assert.Equal("quickstart-sweep", MlrunsStore.ReadValue(parent, "tags", "mlflow.runName"));
        var children = ClusterSlurm.Children(store, Path.GetFileName(parent));
        Assert.Equal([0, 1], children.Keys.Order());
        foreach (var (index, folders) in children)
        {
            var child = Assert.Single(folders);
            var expected = $"quickstart #{index} seed={index + 1}";
            Assert.Equal(expected, MlrunsStore.ReadValue(child, "tags", "mlflow.runName"));
            Assert.Equal(expected, MlrunsStore.ReadValue(child, "params", "tracking.run_name"));
            Assert.Equal(MlrunsStore.Finished, MlrunsStore.Status(child));
        }
    }

    [Fact]
    public void Run_OfASweep_KeepsARunNameTheTrialSets()
    {
        using var workspace = new TestWorkspace();
        workspace.WriteTinyExperiment();
        var sweep = workspace.Write("sweep.yaml", "extends: [tiny.yaml]\ntrain: { epochs: 1 }\neval: []\nsweep:\n  zip:\n    seed: [1, 2]\n    tracking.run_name: [first, second]\n");

        var result = CliRunner.Run(workspace.Path, "run", sweep);

        CliAssert.ExitCode(result, 0);
        var store = new MlrunsStore(workspace.MlrunsPath);
        var parent = Assert.Single(store.RunFolders(), f => !File.Exists(Path.Combine(f, "tags", "mlflow.parentRunId")));
        var names = ClusterSlurm.Children(store, Path.GetFileName(parent)).OrderBy(c => c.Key).Select(c => MlrunsStore.ReadValue(Assert.Single(c.Value), "tags", "mlflow.runName"));
        Assert.Equal(["first", "second"], names);
    }
}
