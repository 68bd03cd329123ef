using SimLap.Contracts.Tracking;

namespace SimLap.Tracking;

/// <summary>One tracked run: the component-facing <see cref="ITracker"/> (with its <see cref="ITracker.Flush"/>) plus the run's lifecycle.</summary>
public interface IRunTracker : ITracker, IDisposable
{
    /// <summary>The run id (32 hex characters).</summary>
    string RunId { get; }

    /// <summary>The experiment id the run belongs to.</summary>
    string ExperimentId { get; }

    /// <summary>Where the run can be found: a folder for a local store, a URL for a server.</summary>
    string Location { get; }

    /// <summary>Flushes, then records the final status and end time. Later calls are ignored.</summary>
    void End(RunStatus status);
}
