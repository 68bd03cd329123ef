namespace SimLap.Host.Tests;

/// <summary>A three-trial sweep submitted to a real Slurm job array ends as three FINISHED children of one parent.</summary>
public sealed class ClusterSubmitSweepTests
{
    [ClusterSlurmFact]
    public void SubmitThreeTrialSweepRunsEachTrialAsANestedRunAndStatusReportsThem()
    {
        using var workspace = new TestWorkspace();
        workspace.WriteTinyExperiment();
        var sweep = workspace.Write("sweep.yaml", "extends: [tiny.yaml]\nsweep:\n  seeds: [1, 2, 3]\n");

        var submit = CliRunner.Run(workspace.Path, ["submit", sweep, "--to", "slurm", "--shared-store", "--max-parallel", "2", "--time", "00:10:00", "--cpus-per-trial", "1"], ClusterSlurm.ChildEnvironment());
        CliAssert.ExitCode(submit, 0);
        CliAssert.NoError(submit);
        var (parentId, jobId) = ClusterSlurm.Submitted(submit);
        CliAssert.StdoutContains(submit, $"simlap status {parentId}", $"squeue -r -j {jobId}");

        ClusterSlurm.WaitForJob(jobId, TimeSpan.FromMinutes(2), workspace.Path);

        var store = new MlrunsStore(workspace.MlrunsPath);
        var children = ClusterSlurm.Children(store, parentId);
        Assert.Equal([0, 1, 2], children.Keys.Order());
        foreach (var (index, runs) in children)
        {
            var run = Assert.Single(runs);
            Assert.True(MlrunsStore.Status(run) == MlrunsStore.Finished, $"trial {index} did not finish.{ClusterSlurm.Outputs(workspace.Path)}");
            Assert.Equal($"slurm:{jobId}_{index}", MlrunsStore.ReadValue(run, "tags", "simlap.cluster.task"));
            Assert.Equal((index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), MlrunsStore.ReadValue(run, "params", "seed"));
        }

        // The last trial to end closed the parent; the parent records the job and the script.
        var parent = ClusterSlurm.RunFolder(store, parentId);
        Assert.Equal(MlrunsStore.Finished, MlrunsStore.Status(parent));
        Assert.Equal(jobId, MlrunsStore.ReadValue(parent, "tags", "simlap.cluster.job_id"));
        Assert.Equal("slurm", MlrunsStore.ReadValue(parent, "tags", "simlap.cluster.scheduler"));
        Assert.Equal("3", MlrunsStore.ReadValue(parent, "tags", "simlap.sweep.trials"));
        var script = MlrunsStore.ReadValue(parent, "tags", "simlap.cluster.script");
        Assert.Equal(workspace.Combine("submissions", parentId, "simlap-array.sbatch"), script);
        Assert.Contains("#SBATCH --array=0-2%2", File.ReadAllText(script), StringComparison.Ordinal);
        Assert.Equal(3, Directory.GetFiles(workspace.Combine("submissions", parentId), $"slurm-{jobId}_*.out").Length);

        var status = CliRunner.Run(workspace.Path, ["status", parentId], ClusterSlurm.ChildEnvironment());
        CliAssert.ExitCode(status, 0);
        CliAssert.NoError(status);
        for (var i = 0; i < 3; i++)
        {
            CliAssert.HasRow(status, i.ToString(System.Globalization.CultureInfo.InvariantCulture), "finished", Path.GetFileName(children[i][0]), "COMPLETED", $"seed={i + 1}");
        }

        CliAssert.HasRow(status, "finished", "3");
        CliAssert.StdoutContains(status, "done: 3 finished (from the tracking store and Slurm)");

        // Without the scheduler (no scontrol on PATH) the tracking store alone tells the same.
        var storeOnly = CliRunner.Run(workspace.Path, ["status", parentId, "--tracking-uri", workspace.MlrunsPath], new Dictionary<string, string?> { ["PATH"] = workspace.Combine("no-tools") });
        CliAssert.ExitCode(storeOnly, 0);
        CliAssert.HasRow(storeOnly, "2", "finished", Path.GetFileName(children[2][0]), "", "seed=3");
        CliAssert.StdoutContains(storeOnly, "done: 3 finished (from the tracking store only");
    }
}
