namespace SimLap.Engine.Orchestration.Cluster;

/// <summary>Where one trial of a submitted sweep stands.</summary>
public enum TrialState
{
    /// <summary>Waiting for the scheduler (not started, or requeued).</summary>
    Queued,

    /// <summary>Running.</summary>
    Running,

    /// <summary>Its run ended FINISHED.</summary>
    Finished,

    /// <summary>Its run ended FAILED, or its task died without ending the run.</summary>
    Failed,

    /// <summary>Its run was interrupted (SIGTERM, scancel, preemption) and is not queued again.</summary>
    Killed,
}
