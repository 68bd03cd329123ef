using Microsoft.Extensions.Logging;
using SimLap.Tracking;

namespace SimLap.Engine.Running;

/// <summary>
/// Finds RUNNING runs whose owner process is gone (killed with SIGKILL, out of memory, a lost node) and marks them
/// KILLED with the reason in <c>simlap.error</c>, so no run stays RUNNING after its process. In a local store a run
/// counts as gone only when its lock file is free and its owner tags say so (<see cref="OwnerLiveness"/>); on a
/// server by its owner tags and heartbeat alone. Runs that record no owner (older runs, a submitted sweep's parent)
/// are left alone. Such KILLED runs can be resumed from their checkpoint.
/// </summary>
public sealed class StaleRunSweeper(IResumableBackend backend, OwnerLiveness liveness, ILogger? logger = null)
{
    /// <summary>The tag holding why a run failed or was killed.</summary>
    public const string ErrorTag = "simlap.error";

    /// <summary>Marks the gone RUNNING runs of <paramref name="experimentName"/> (every experiment when null) KILLED; returns them with the reason.</summary>
    public IReadOnlyList<(StoredRun Run, string Reason)> Sweep(string? experimentName = null)
    {
        var marked = new List<(StoredRun, string)>();
        foreach (var run in backend.ListRuns(experimentName, runningOnly: true))
        {
            if (TryMark(run) is { } reason)
            {
                marked.Add((run, reason));
            }
        }

        return marked;
    }

    private string? TryMark(StoredRun run)
    {
        if (RunOwner.FromTags(run.Tags) is null)
        {
            return null;
        }

        try
        {
            using var fileLock = run.Folder is null ? null : RunLock.TryAcquire(run.Folder);
            if (run.Folder is not null && fileLock is null)
            {
                return null;
            }

            if (liveness.GoneReason(run.Tags) is not { } reason)
            {
                return null;
            }

            // Read again under the lock: the run may have ended (or been taken over) since it was listed.
            if (backend.ReadRun(run.RunId) is not { Status: RunStatus.Running } current || liveness.GoneReason(current.Tags) is null)
            {
                return null;
            }

            using var reopened = backend.ResumeRun(run.RunId);
            if (reopened is null)
            {
                return null;
            }

            reopened.SetTag(ErrorTag, reason);
            reopened.End(RunStatus.Killed);
            logger?.LogWarning("Run {RunId} ({Name}) was left RUNNING: {Reason}. It is marked KILLED; resume it with --resume {RunId}.", run.RunId, run.RunName, reason, run.RunId);
            return reason;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or TrackingStoreException)
        {
            logger?.LogWarning("Could not check whether run {RunId} is still owned: {Error}", run.RunId, e.Message);
            return null;
        }
    }
}
