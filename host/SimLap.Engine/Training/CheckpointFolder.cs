using System.Globalization;

namespace SimLap.Engine.Training;

/// <summary>A run's checkpoint folder: names by step, the newest first, the oldest pruned beyond <c>keep_last</c>.</summary>
public sealed class CheckpointFolder(string path, int keepLast)
{
    /// <summary>The folder.</summary>
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <summary>The file a checkpoint at <paramref name="step"/> goes to.</summary>
    public string FileFor(long step) => System.IO.Path.Combine(Path, $"step-{step.ToString("D9", CultureInfo.InvariantCulture)}{CheckpointFile.Extension}");

    /// <summary>The newest checkpoint in <paramref name="folder"/>, or null.</summary>
    public static string? Latest(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "step-*" + CheckpointFile.Extension).Order(StringComparer.Ordinal).LastOrDefault()
            : null;

    /// <summary>Deletes all but the newest <c>keep_last</c> checkpoints.</summary>
    public void Prune()
    {
        foreach (var old in Directory.EnumerateFiles(Path, "step-*" + CheckpointFile.Extension).Order(StringComparer.Ordinal).SkipLast(keepLast))
        {
            File.Delete(old);
        }
    }
}
