using Microsoft.Extensions.Logging;
using SimLap.Engine.Configuration;
using SimLap.Engine.Experiments;
using SimLap.Tracking;

namespace SimLap.Engine.Running;

/// <summary>
/// A resume that was allowed: the stored run matched the experiment (<see cref="ResumeCheck"/>) and its lease was
/// taken (<see cref="RunLease"/>), both before anything was written to it. <see cref="Record"/> then writes what
/// the resume changes: the deliberate param change, and an entry in the run's resume history.
/// </summary>
public sealed class ResumeGuard
{
    /// <summary>The tag listing the run's resumes, one line each (newest last).</summary>
    public const string HistoryTag = "simlap.resume.history";

    private const int MaxHistoryLines = 20;

    private readonly IResumableBackend backend;

    private ResumeGuard(IResumableBackend backend, StoredRun stored, IReadOnlyList<(string Key, string Stored, string Now)> changes, RunLease lease)
    {
        this.backend = backend;
        Stored = stored;
        Changes = changes;
        Lease = lease;
    }

    /// <summary>The run as it was stored before the resume.</summary>
    public StoredRun Stored { get; }

    /// <summary>The deliberate changes (only <c>train.epochs</c>, upwards).</summary>
    public IReadOnlyList<(string Key, string Stored, string Now)> Changes { get; }

    /// <summary>This process's lease of the run.</summary>
    public RunLease Lease { get; }

    /// <summary>Reads and checks the stored run and takes its lease; nothing is written.</summary>
    /// <exception cref="ConfigurationException">No such run, the run finished, its params differ, or another process owns it.</exception>
    public static ResumeGuard Begin(ITrackingBackend backend, ResolvedExperiment experiment, ResumePoint resume, bool extendEpochs, OwnerLiveness liveness, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(resume);
        var resumable = backend as IResumableBackend
            ?? throw new ConfigurationException($"--resume {resume.RunId}: the tracking store {backend.Description} cannot reopen runs.");
        var stored = resumable.ReadRun(resume.RunId)
            ?? throw new ConfigurationException($"run '{resume.RunId}' was not found in the tracking store {backend.Description}; --resume needs the store the run was logged to (--tracking-uri).");
        var changes = ResumeCheck.Check(stored, experiment.ToParams(), extendEpochs);
        var lease = RunLease.ForResume(stored, liveness, logger);
        return new ResumeGuard(resumable, stored, changes, lease);
    }

    /// <summary>Writes the deliberate changes and the resume history entry into the reopened run.</summary>
    public void Record(IRunTracker run, ResumePoint resume)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(resume);
        var entry = $"{RunOwner.FormatTime(DateTimeOffset.UtcNow)} resumed ({Stored.Status.ToString().ToUpperInvariant()}) by {RunOwner.Current} from {Path.GetFileName(resume.Checkpoint)}";
        if (Stored.Tags.GetValueOrDefault(StaleRunSweeper.ErrorTag) is { Length: > 0 } error)
        {
            // The run goes on, so the old error no longer describes it; the history keeps it.
            entry += $"; it had ended with: {error}";
            run.SetTag(StaleRunSweeper.ErrorTag, "");
        }

        if (Changes.Count > 0)
        {
            var described = ResumeCheck.Describe(Changes);
            entry += "; " + described;
            run.SetTag(ResumeCheck.ExtendedTag, described);
            foreach (var (key, _, now) in Changes)
            {
                if (key == ResumeCheck.EpochsKey)
                {
                    run.SetTag(ResumeCheck.EpochsTag, now);
                }

                if (this.backend.CanUpdateParams)
                {
                    run.LogParam(key, now);
                }
            }
        }

        var lines = (Stored.Tags.GetValueOrDefault(HistoryTag) ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries).Append(entry);
        run.SetTag(HistoryTag, string.Join('\n', lines.TakeLast(MaxHistoryLines)));
    }
}
