using SimLap.Tracking;

namespace SimLap.Engine.Orchestration.Sweeps;

/// <summary>The tags that tie a sweep's parent run, its trial runs and the cluster jobs that run them together.</summary>
public static class SweepTags
{
    /// <summary>MLflow's tag naming a nested run's parent.</summary>
    public const string ParentRunId = MlflowKeys.ParentRunIdTag;

    /// <summary>On the parent: "true".</summary>
    public const string Sweep = "simlap.sweep";

    /// <summary>On the parent: how many trials the sweep has.</summary>
    public const string Trials = "simlap.sweep.trials";

    /// <summary>On the parent, followed by a trial index: that trial's overrides.</summary>
    public const string TrialLabelPrefix = "simlap.sweep.trial.";

    /// <summary>On the parent: how many trials failed (set when it ends).</summary>
    public const string Failed = "simlap.sweep.failed";

    /// <summary>On the parent: the state of the trials its summary was computed from (see <see cref="SweepSummaryClaim.StateOf"/>).</summary>
    public const string SummaryState = "simlap.sweep.summary";

    /// <summary>On the parent: the step its latest summary metrics were logged at (0, then 1 after a re-run trial changed the results, ...).</summary>
    public const string SummaryStep = "simlap.sweep.summary.step";

    /// <summary>
    /// On the parent, a param followed by <c>&lt;state&gt;.&lt;attempt&gt;</c>: the process that claimed the summary of that
    /// state (<c>host|pid|process start|claimed at|nonce</c>); attempt 1, 2, ... take over from a claimant that is gone.
    /// </summary>
    public const string SummaryClaimPrefix = "simlap.sweep.summary_claim.";

    /// <summary>On a trial run: its index.</summary>
    public const string Trial = "simlap.sweep.trial";

    /// <summary>On a trial run: its overrides.</summary>
    public const string Overrides = "simlap.sweep.overrides";

    /// <summary>On a trial run: the scheduler task that ran it last (e.g. <c>slurm:12_3</c>).</summary>
    public const string ClusterTask = "simlap.cluster.task";

    /// <summary>On the parent: the scheduler the sweep was submitted to (<c>slurm</c> or <c>k8s</c>).</summary>
    public const string ClusterScheduler = "simlap.cluster.scheduler";

    /// <summary>On the parent: the scheduler's job id (a Slurm array job id, or a Kubernetes job name).</summary>
    public const string ClusterJobId = "simlap.cluster.job_id";

    /// <summary>On the parent: the batch script or manifest that was submitted.</summary>
    public const string ClusterScript = "simlap.cluster.script";

    /// <summary>The tag runs record their failure in.</summary>
    public const string Error = "simlap.error";
}
