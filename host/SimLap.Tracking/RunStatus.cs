namespace SimLap.Tracking;

/// <summary>MLflow's run states, with the integer codes its file store writes.</summary>
public enum RunStatus
{
    /// <summary>The run is in progress.</summary>
    Running = 1,

    /// <summary>The run is scheduled but has not started.</summary>
    Scheduled = 2,

    /// <summary>The run ended normally.</summary>
    Finished = 3,

    /// <summary>The run ended with an error.</summary>
    Failed = 4,

    /// <summary>The run was interrupted.</summary>
    Killed = 5,
}
