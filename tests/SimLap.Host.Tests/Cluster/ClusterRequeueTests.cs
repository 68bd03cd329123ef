namespace SimLap.Host.Tests;

/// <summary>A trial cancelled by Slurm (SIGTERM) checkpoints and ends KILLED; requeued, it resumes in the same run and finishes.</summary>
public sealed class ClusterRequeueTests
{
    [ClusterSlurmFact]
    public void SubmitCancelledTrialRequeuedResumesFromItsCheckpointInTheSameRun()
    {
        using var workspace = new TestWorkspace();
        workspace.WriteTinyExperiment();

        // Trial 1 trains 300 epochs of 4 steps: long enough to be cancelled while it runs.
        var sweep = workspace.Write("sweep.yaml", "extends: [tiny.yaml]\nsweep:\n  zip: { train.epochs: [1, 300] }\n");
        var submit = CliRunner.Run(workspace.Path, ["submit", sweep, "--to", "slurm", "--shared-store", "--requeue"], ClusterSlurm.ChildEnvironment());
        CliAssert.ExitCode(submit, 0);
        var (parentId, jobId) = ClusterSlurm.Submitted(submit);
        Assert.Contains("#SBATCH --requeue", File.ReadAllText(workspace.Combine("submissions", parentId, "simlap-array.sbatch")), StringComparison.Ordinal);

        var store = new MlrunsStore(workspace.MlrunsPath);
        string? run = null;
        ClusterSlurm.WaitFor(
            () =>
            {
                run = ClusterSlurm.Children(store, parentId).GetValueOrDefault(1)?.Single();
                var epochs = run is null ? null : Path.Combine(run, "metrics", "train", "epoch_loss");
                return epochs is not null && File.Exists(epochs) && File.ReadAllLines(epochs).Length >= 2;
            },
            TimeSpan.FromMinutes(1),
            "trial 1 to train two epochs",
            workspace.Path);
        var runId = Path.GetFileName(run!);

        // What Slurm does on scancel or preemption: SIGTERM to the batch step, which is simlap itself (exec).
        ClusterSlurm.Command("scancel", "--signal=TERM", "--full", $"{jobId}_1");
        ClusterSlurm.WaitFor(() => MlrunsStore.Status(run!) == MlrunsStore.Killed, TimeSpan.FromMinutes(1), "trial 1's run to be KILLED", workspace.Path);
        ClusterSlurm.WaitFor(() => ClusterSlurm.TaskState(jobId, 1) is not ("RUNNING" or "COMPLETING"), TimeSpan.FromMinutes(1), "task 1 to end", workspace.Path);
        Assert.Equal($"interrupted; resume with --resume {runId}", MlrunsStore.ReadValue(run!, "tags", "simlap.error"));
        var checkpoint = SimLap.Engine.Training.CheckpointFolder.Latest(workspace.Checkpoints(runId));
        Assert.NotNull(checkpoint);
        var stoppedAt = SimLap.Engine.Training.CheckpointFile.ReadHeader(checkpoint!).Progress;
        Assert.True(stoppedAt.Epoch < 300, $"trial 1 was not cancelled while it ran (checkpoint at epoch {stoppedAt.Epoch}).");

        ClusterSlurm.WaitFor(() => ClusterSlurm.TaskState(jobId, 0) == "COMPLETED", TimeSpan.FromMinutes(1), "trial 0 to complete", workspace.Path);
        var killed = CliRunner.Run(workspace.Path, ["status", parentId], ClusterSlurm.ChildEnvironment());
        CliAssert.ExitCode(killed, 0);
        CliAssert.HasRow(killed, "0", "finished");
        CliAssert.HasRow(killed, "1", "killed", runId, "FAILED");
        CliAssert.StdoutContains(killed, "done: 1 finished, 1 killed");

        // Requeue it (Slurm holds a requeued job ~2 minutes before it is eligible; StartTime=now lifts that). The hold
        // exists because slurmd revokes the cancelled job's credential with a one-second timestamp: a requeued task
        // started within the same second is killed as "Job credential revoked". So let two seconds pass first.
        System.Threading.Thread.Sleep(TimeSpan.FromSeconds(2));
        ClusterSlurm.Command("scontrol", "requeue", $"{jobId}_1");
        ClusterSlurm.LiftRequeueHold(jobId, 1);

        // Wait on what matters, the run, not on the queue. Until the requeued task is pending, lifting its start time
        // can be refused or come too early, so keep lifting it while it waits (and release it should Slurm hold it).
        // Slurm's own hold ends ~120 s after the requeue, so the wait outlasts it: a lift that does not take is slow, not a failure.
        var sinceLift = System.Diagnostics.Stopwatch.StartNew();
        ClusterSlurm.WaitFor(
            () =>
            {
                if (MlrunsStore.Status(run!) == MlrunsStore.Finished)
                {
                    return true;
                }

                // Every 2 s at most: each update is an RPC the controller serves between scheduling passes.
                if (sinceLift.Elapsed > TimeSpan.FromSeconds(2))
                {
                    ClusterSlurm.LiftRequeueHold(jobId, 1);
                    sinceLift.Restart();
                }

                return false;
            },
            TimeSpan.FromMinutes(4),
            "the requeued trial to finish",
            workspace.Path,
            () => ClusterSlurm.Diagnose(jobId, 1));
        ClusterSlurm.WaitForJob(jobId, TimeSpan.FromMinutes(2), workspace.Path);

        var children = ClusterSlurm.Children(store, parentId);
        Assert.Equal(runId, Path.GetFileName(Assert.Single(children[1])));
        Assert.True(MlrunsStore.Status(run!) == MlrunsStore.Finished, $"the requeued trial did not finish.{ClusterSlurm.Outputs(workspace.Path)}");
        var epochLosses = MlrunsStore.ReadMetric(run!, "train/epoch_loss");
        Assert.Equal(300, epochLosses.Count);
        Assert.Equal(epochLosses.Count, epochLosses.Select(p => p.Step).Distinct().Count());
        var losses = MlrunsStore.ReadMetric(run!, "train/loss").Select(p => p.Step).ToList();
        Assert.Equal(losses.Order(), losses);
        Assert.Equal(losses.Count, losses.Distinct().Count());
        Assert.Contains(CliAssert.Flat($"continues its run {runId} (KILLED)"), CliAssert.Flat(ClusterSlurm.Outputs(workspace.Path)), StringComparison.Ordinal);
        Assert.Equal(MlrunsStore.Finished, MlrunsStore.Status(ClusterSlurm.RunFolder(store, parentId)));

        var finished = CliRunner.Run(workspace.Path, ["status", parentId], ClusterSlurm.ChildEnvironment());
        CliAssert.HasRow(finished, "1", "finished", runId);
        CliAssert.StdoutContains(finished, "done: 2 finished");
        Assert.Contains("Restarts=1", ClusterSlurm.Command("scontrol", "show", "job", "--oneliner", $"{jobId}_1"), StringComparison.Ordinal);
    }
}
