namespace SimLap.Host.Tests;

/// <summary><c>simlap run</c> on a sweep file: one parent run, each trial a nested run named after what it changes.</summary>
public sealed class SweepRunEndToEndTests
{
    [Fact]
    public void RunOfASweepRunsEachTrialAsANestedRunNamedAfterItsOverrides()
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
    public void RunOfASweepKeepsARunNameTheTrialSets()
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

    [Fact]
    public void RunOfASweepGivesTheParentTheBaseParamsTheSweepAndASummaryOfTheTrials()
    {
        using var workspace = new TestWorkspace();
        workspace.WriteTinyExperiment();
        var sweep = workspace.Write("sweep.yaml", "extends: [tiny.yaml]\ntrain: { epochs: 1 }\nsweep:\n  seeds: [1, 2]\n");

        var result = CliRunner.Run(workspace.Path, ["run", sweep], new Dictionary<string, string?> { ["COLUMNS"] = null });

        CliAssert.ExitCode(result, 0);

        // The summary table's headers are whole on a pipe.
        CliAssert.StdoutContains(result, "eval/knn/top1", "final loss (last epoch mean)");
        var store = new MlrunsStore(workspace.MlrunsPath);
        var parent = Assert.Single(store.RunFolders(), f => !File.Exists(Path.Combine(f, "tags", "mlflow.parentRunId")));
        Assert.Equal("1", MlrunsStore.ReadValue(parent, "params", "train.epochs"));
        Assert.Equal("16", MlrunsStore.ReadValue(parent, "params", "train.batch_size"));
        var definition = File.ReadAllText(Path.Combine(parent, "artifacts", "sweep.yaml"));
        Assert.Contains("seeds:", definition, StringComparison.Ordinal);
        Assert.Contains("trial_count: 2", definition, StringComparison.Ordinal);
        Assert.Equal(2, Assert.Single(MlrunsStore.ReadMetric(parent, "sweep/trials")).Value);

        var children = ClusterSlurm.Children(store, Path.GetFileName(parent)).OrderBy(c => c.Key).Select(c => Assert.Single(c.Value)).ToList();
        var top1 = children.Select(c => Assert.Single(MlrunsStore.ReadMetric(c, "eval/knn/top1")).Value).ToList();
        var best = Assert.Single(MlrunsStore.ReadMetric(parent, "best/eval/knn/top1")).Value;
        Assert.Equal(top1.Max(), best, 6);
        var bestTrial = (int)Assert.Single(MlrunsStore.ReadMetric(parent, "best_trial/eval/knn/top1")).Value;
        Assert.Equal(top1.Max(), top1[bestTrial], 6);
        Assert.StartsWith($"trial {bestTrial} (seed={bestTrial + 1}", MlrunsStore.ReadValue(parent, "tags", "simlap.sweep.best.eval/knn/top1"), StringComparison.Ordinal);
        Assert.Equal(top1.Average(), Assert.Single(MlrunsStore.ReadMetric(parent, "group/all/eval/knn/top1/mean")).Value, 6);
        Assert.Equal(2, Assert.Single(MlrunsStore.ReadMetric(parent, "group/all/eval/knn/top1/n")).Value);
        Assert.Single(MlrunsStore.ReadMetric(parent, "group/all/eval/knn/top1/std"));
        Assert.Contains("| all | 2 |", File.ReadAllText(Path.Combine(parent, "artifacts", "comparison.md")), StringComparison.Ordinal);
        Assert.StartsWith("runs,n,eval/knn/top1 mean", File.ReadAllText(Path.Combine(parent, "artifacts", "comparison.csv")), StringComparison.Ordinal);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(parent, "artifacts", "trials.csv")).Length);

        // simlap compare's bar chart of each metric: a PNG of the default 900 x 560 pixels (its IHDR chunk).
        var png = File.ReadAllBytes(Path.Combine(parent, "artifacts", "plots", "comparison-eval-knn-top1.png"));
        Assert.Equal([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        Assert.Equal(900, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
        Assert.Equal(560, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
        Assert.True(File.Exists(Path.Combine(parent, "artifacts", "plots", "comparison-train-final_loss.png")));
    }
}
