using Microsoft.Extensions.Logging;
using SimLap.Engine.Configuration;
using SimLap.Engine.Experiments;
using SimLap.Engine.Training;

namespace SimLap.Engine.Running;

/// <summary>Which run to continue, and from which checkpoint (verified when resolved).</summary>
/// <param name="RunId">The tracking run id.</param>
/// <param name="Checkpoint">The checkpoint file.</param>
public sealed record ResumePoint(string RunId, string Checkpoint)
{
    /// <summary>
    /// Resolves <c>--resume</c>: a checkpoint file, or a run id whose newest checkpoint that verifies is in the
    /// experiment's checkpoint folder (or among the run's artifacts in a local store at <paramref name="storeRoot"/>).
    /// Everything is checked before anything is written, so a failure leaves the run as it was.
    /// </summary>
    /// <exception cref="ConfigurationException">There is no such file and no checkpoint of such a run.</exception>
    /// <exception cref="CheckpointException">The file, or every checkpoint of the run, does not verify.</exception>
    public static ResumePoint Resolve(string value, ExperimentOptions options, string? storeRoot, ILogger? logger = null) =>
        TryResolve(value, options, storeRoot, logger)
        ?? throw new ConfigurationException($"--resume {value}: no checkpoint file of that name, and no checkpoint of a run with that id in {CheckpointHome.RunFolder(options, value)}{(storeRoot is null ? "" : $" or among its artifacts in {storeRoot}")}.");

    /// <summary>
    /// Like <see cref="Resolve"/>, but null when there is no such checkpoint (a requeued trial that never checkpointed).
    /// Newer checkpoints that do not verify are skipped with a warning on <paramref name="logger"/> naming each and why.
    /// </summary>
    public static ResumePoint? TryResolve(string value, ExperimentOptions options, string? storeRoot, ILogger? logger = null)
    {
        if (File.Exists(value))
        {
            // A file named by the user is used or refused, never swapped for another.
            return new ResumePoint(CheckpointFile.ReadHeader(value).RunId, Path.GetFullPath(value));
        }

        var candidates = Candidates(value, options, storeRoot);
        if (candidates.Count == 0)
        {
            return null;
        }

        var skipped = new List<CheckpointException>();
        foreach (var candidate in candidates)
        {
            try
            {
                if (CheckpointFile.ReadHeader(candidate).RunId != value)
                {
                    // A checkpoint.dir shared by several runs: another run's checkpoint is no candidate.
                    continue;
                }
            }
            catch (CheckpointException e)
            {
                skipped.Add(e);
                continue;
            }

            if (skipped.Count > 0)
            {
                logger?.LogWarning("Run {RunId}: using the checkpoint {Checkpoint}, skipping {Count} newer one(s) that do not verify: {Reasons}", value, candidate, skipped.Count, string.Join(" ", skipped.Select(s => s.Reason)));
            }

            return new ResumePoint(value, candidate);
        }

        if (skipped.Count == 0)
        {
            return null;
        }

        throw new CheckpointException(skipped[0].Path, skipped[0].Entry, $"run {value}: none of its {skipped.Count} checkpoint(s) verifies, so there is nothing safe to continue from; nothing was changed. {string.Join(" ", skipped.Select(s => s.Reason))}", "Train again, or name an intact copy of a checkpoint of the run (a file) instead of the run id.");
    }

    /// <summary>
    /// The run's checkpoints, newest first: those of its checkpoint folders (<see cref="CheckpointHome.Candidates"/>),
    /// then (for the same step) the copies logged among its artifacts, so that a damaged file is replaced by an intact copy of the same step before an older step.
    /// </summary>
    private static List<string> Candidates(string runId, ExperimentOptions options, string? storeRoot)
    {
        var folders = new List<string>(CheckpointHome.Candidates(options, runId));
        if (storeRoot is not null && Directory.Exists(storeRoot))
        {
            folders.AddRange(Directory.EnumerateDirectories(storeRoot).Select(e => Path.Combine(e, runId, "artifacts", "checkpoints")));
        }

        return folders
            .SelectMany((folder, rank) => CheckpointFolder.Newest(folder).Select(file => (File: file, Rank: rank)))
            .OrderByDescending(c => Path.GetFileName(c.File), StringComparer.Ordinal)
            .ThenBy(c => c.Rank)
            .Select(c => c.File)
            .ToList();
    }
}
