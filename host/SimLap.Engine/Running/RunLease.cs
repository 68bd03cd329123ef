using System.Globalization;
using Microsoft.Extensions.Logging;
using SimLap.Engine.Configuration;
using SimLap.Tracking;

namespace SimLap.Engine.Running;

/// <summary>
/// This process's ownership of a run for the run's life: in a local store the run folder's exclusive lock file
/// (<see cref="RunLock"/>), released by the operating system however the process ends; on every store the owner tags
/// (<see cref="RunOwner"/>) and a heartbeat tag refreshed by a background timer, by which a server's runs (and
/// runs of other hosts) are judged alive or gone.
/// </summary>
public sealed class RunLease : IDisposable
{
    /// <summary>The environment variable setting the heartbeat period in seconds (default 30).</summary>
    public const string HeartbeatSecondsVariable = "SIMLAP_HEARTBEAT_SECONDS";

    private readonly object gate = new();
    private readonly FileStream? lockFile;
    private readonly ILogger? logger;
    private Timer? timer;
    private IRunTracker? run;

    private RunLease(FileStream? fileLock, ILogger? logger)
    {
        lockFile = fileLock;
        this.logger = logger;
    }

    /// <summary>The heartbeat period: <see cref="HeartbeatSecondsVariable"/>, else 30 s.</summary>
    public static TimeSpan HeartbeatPeriod =>
        double.TryParse(Environment.GetEnvironmentVariable(HeartbeatSecondsVariable), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromSeconds(30);

    /// <summary>The tags a new run starts with: this process as its owner, and a first heartbeat.</summary>
    public static Dictionary<string, string> NewRunTags() =>
        new(RunOwner.Current.Tags(), StringComparer.Ordinal) { [RunOwner.HeartbeatTag] = RunOwner.FormatTime(DateTimeOffset.UtcNow) };

    /// <summary>Takes the lease of a run this process has just created (its owner tags are already written).</summary>
    /// <exception cref="TrackingStoreException">The new run's lock is held by someone else (not expected).</exception>
    public static RunLease ForNewRun(ITrackingBackend backend, IRunTracker run, ILogger? logger)
    {
        FileStream? fileLock = null;
        if (backend.LocalRoot is not null)
        {
            fileLock = RunLock.TryAcquire(run.Location)
                ?? throw new TrackingStoreException($"The lock of the new run folder '{run.Location}' is held by another process.", run.Location);
        }

        return new RunLease(fileLock, logger);
    }

    /// <summary>
    /// Takes the lease of a stored run before it is reopened. Refused while another live process owns it: in a local
    /// store, while its lock file is held; on a server, while its owner is alive (same host) or its heartbeat is fresh.
    /// </summary>
    /// <exception cref="ConfigurationException">Another process owns the run (the message names it).</exception>
    public static RunLease ForResume(StoredRun stored, OwnerLiveness liveness, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(liveness);
        var owner = RunOwner.FromTags(stored.Tags);
        FileStream? fileLock = null;
        if (stored.Folder is not null)
        {
            fileLock = RunLock.TryAcquire(stored.Folder) ?? throw Busy(stored, owner);
        }

        // A free lock (or a server) with a RUNNING status: continue only if the recorded owner is gone, so a lock that
        // a network file system does not share between hosts cannot let two owners in.
        if (stored.Status == RunStatus.Running && owner is not null && !owner.IsSameProcess(RunOwner.Current) && liveness.GoneReason(stored.Tags) is null)
        {
            fileLock?.Dispose();
            throw Busy(stored, owner);
        }

        return new RunLease(fileLock, logger);
    }

    /// <summary>Records this process as the run's owner (tags and a first heartbeat) and starts the heartbeat timer.</summary>
    public void Start(IRunTracker run)
    {
        ArgumentNullException.ThrowIfNull(run);
        foreach (var (key, value) in NewRunTags())
        {
            run.SetTag(key, value);
        }

        lock (gate)
        {
            this.run = run;
            var period = HeartbeatPeriod;
            this.timer = new Timer(_ => Beat(), null, period, period);
        }
    }

    /// <summary>Stops the heartbeat (before the run is ended, so no tag is logged after its end).</summary>
    public void StopHeartbeat()
    {
        lock (gate)
        {
            this.timer?.Dispose();
            this.timer = null;
            this.run = null;
        }
    }

    /// <summary>Stops the heartbeat and releases the lock.</summary>
    public void Dispose()
    {
        StopHeartbeat();
        lockFile?.Dispose();
    }

    private static ConfigurationException Busy(StoredRun stored, RunOwner? owner)
    {
        var beat = RunOwner.Heartbeat(stored.Tags) is { } b ? $", last heartbeat {RunOwner.FormatTime(b)}" : "";
        var who = owner is null ? "another process (it records no owner)" : owner.ToString();
        return new ConfigurationException(
            $"--resume {stored.RunId}: run '{stored.RunName}' is in progress, owned by {who}{beat}; one process at a time owns a run, and nothing was changed in it. "
            + "Wait until it ends, or stop that process (it marks the run KILLED, or 'simlap runs' does once it is gone), then resume.");
    }

    private void Beat()
    {
        lock (gate)
        {
            try
            {
                this.run?.SetTag(RunOwner.HeartbeatTag, RunOwner.FormatTime(DateTimeOffset.UtcNow));
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or TrackingStoreException)
            {
                // A missed heartbeat is not worth failing the run for; the next one may get through.
                this.logger?.LogWarning("Could not record the run's heartbeat: {Error}", e.Message);
            }
        }
    }
}
