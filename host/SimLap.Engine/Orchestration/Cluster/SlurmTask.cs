namespace SimLap.Engine.Orchestration.Cluster;

/// <summary>One array task as <c>scontrol show job</c> reports it.</summary>
/// <param name="Index">The array index (the trial).</param>
/// <param name="JobId">The task's own job id.</param>
/// <param name="State">Slurm's job state (PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, TIMEOUT, PREEMPTED, ...).</param>
/// <param name="Reason">Why it is pending or ended, or None.</param>
/// <param name="Restarts">How many times it was requeued.</param>
/// <param name="ExitCode">Its exit code and signal, e.g. <c>143:0</c>.</param>
public sealed record SlurmTask(int Index, string JobId, string State, string Reason, int Restarts, string ExitCode)
{
    /// <summary>Whether Slurm will (still) run it: pending, configuring, running, completing, suspended or requeued.</summary>
    public bool IsActive => State is "PENDING" or "CONFIGURING" or "RUNNING" or "COMPLETING" or "SUSPENDED" or "REQUEUED" or "REQUEUE_HOLD" or "REQUEUE_FED" or "RESIZING" or "STAGE_OUT" or "SIGNALING";

    /// <summary>Whether it is waiting to start.</summary>
    public bool IsPending => State is "PENDING" or "REQUEUED" or "REQUEUE_HOLD" or "REQUEUE_FED" or "CONFIGURING";
}
