using SimLap.Engine.Configuration;
using SimLap.Engine.Experiments;
using SimLap.Engine.Training;

namespace SimLap.Engine.Running;

/// <summary>Which run to continue, and from which checkpoint.</summary>
/// <param name="RunId">The tracking run id.</param>
/// <param name="Checkpoint">The checkpoint file.</param>
public sealed record ResumePoint(string RunId, string Checkpoint)
{
    /// <summary>
    /// Resolves <c>--resume</c>: a checkpoint file, or a run id whose newest checkpoint is in the experiment's
    /// checkpoint folder (or among the run's artifacts in a local store at <paramref name="storeRoot"/>).
    /// </summary>
    public static ResumePoint Resolve(string value, ExperimentOptions options, string? storeRoot) =>
        TryResolve(value, options, storeRoot)
        ?? throw new ConfigurationException($"--resume {value}: no checkpoint file of that name, and no checkpoint of a run with that id in {ExperimentRunner.CheckpointFolderFor(options, value)}{(storeRoot is null ? "" : $" or among its artifacts in {storeRoot}")}.");

    /// <summary>Like <see cref="Resolve"/>, but null when there is no such checkpoint (a requeued trial that never checkpointed).</summary>
    public static ResumePoint? TryResolve(string value, ExperimentOptions options, string? storeRoot)
    {
        if (File.Exists(value))
        {
            return new ResumePoint(CheckpointFile.ReadHeader(value).RunId, Path.GetFullPath(value));
        }

        var folders = new List<string> { ExperimentRunner.CheckpointFolderFor(options, value) };
        if (storeRoot is not null && Directory.Exists(storeRoot))
        {
            folders.AddRange(Directory.EnumerateDirectories(storeRoot).Select(e => Path.Combine(e, value, "artifacts", "checkpoints")));
        }

        var latest = folders.Select(CheckpointFolder.Latest).FirstOrDefault(c => c is not null);
        return latest is null ? null : new ResumePoint(value, latest);
    }
}
