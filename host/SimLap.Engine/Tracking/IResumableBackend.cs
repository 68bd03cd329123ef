namespace SimLap.Engine.Tracking;

/// <summary>A tracking store that can reopen a finished or interrupted run to continue logging into it.</summary>
public interface IResumableBackend : ITrackingBackend
{
    /// <summary>Reopens run <paramref name="runId"/> with status RUNNING; null when the store has no such run.</summary>
    IRunTracker? ResumeRun(string runId);
}
