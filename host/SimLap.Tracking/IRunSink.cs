namespace SimLap.Tracking;

/// <summary>
/// Where the writer of a <see cref="QueuedRun"/> stores what was logged: a run folder of a local store
/// (<see cref="LocalRunSink"/>) or a run on an MLflow server (<c>RestRunSink</c>). The writer calls
/// <see cref="AddAsync"/> and <see cref="WritePendingAsync"/> from one task, in queue order; <see cref="End"/> comes
/// once, after the writer has stopped.
/// </summary>
internal interface IRunSink
{
    /// <summary>How long the writer waits for more records before it writes what it collected (zero: at once).</summary>
    TimeSpan Linger { get; }

    /// <summary>Whether records were collected and not yet written.</summary>
    bool HasPending { get; }

    /// <summary>Takes one metric, param, tag or artifact: collects it into the pending batch or writes it.</summary>
    Task AddAsync(RunOperation operation);

    /// <summary>Writes everything collected.</summary>
    Task WritePendingAsync();

    /// <summary>Keeps an error the writer did not expect (each write handles its own), so it is never lost.</summary>
    void Fault(Exception error);

    /// <summary>Throws what failed since the last call and should fail a <c>Flush</c> (a server's failures wait for <see cref="End"/>).</summary>
    void ThrowErrors();

    /// <summary>Records the final status (FAILED instead when something logged was not stored) and throws what failed.</summary>
    void End(RunStatus status);

    /// <summary>Logs <paramref name="error"/>, thrown by <see cref="End"/> while a run was disposed without being ended.</summary>
    void LogEndFailure(Exception error);
}
