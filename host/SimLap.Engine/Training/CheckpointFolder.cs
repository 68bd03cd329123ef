using System.Diagnostics;
using System.Globalization;

namespace SimLap.Engine.Training;

/// <summary>A run's checkpoint folder: names by step, the newest first, the oldest pruned beyond <c>keep_last</c>.</summary>
public sealed class CheckpointFolder(string path, int keepLast)
{
    private const string Pattern = "step-*" + CheckpointFile.Extension;

    private static readonly Lazy<DateTime> ProcessStart = new(() => Process.GetCurrentProcess().StartTime.ToUniversalTime());

    /// <summary>The folder.</summary>
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <summary>The file a checkpoint at <paramref name="step"/> goes to.</summary>
    public string FileFor(long step) => System.IO.Path.Combine(Path, $"step-{step.ToString("D9", CultureInfo.InvariantCulture)}{CheckpointFile.Extension}");

    /// <summary>The newest checkpoint in <paramref name="folder"/>, or null.</summary>
    public static string? Latest(string folder) => Newest(folder).FirstOrDefault();

    /// <summary>The checkpoints in <paramref name="folder"/>, newest first (none when there is no such folder).</summary>
    public static IReadOnlyList<string> Newest(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, Pattern).Order(StringComparer.Ordinal).Reverse().ToList()
            : [];

    /// <summary>Deletes all but the newest <c>keep_last</c> checkpoints.</summary>
    public void Prune()
    {
        foreach (var old in Directory.EnumerateFiles(Path, Pattern).Order(StringComparer.Ordinal).SkipLast(keepLast))
        {
            File.Delete(old);
        }
    }

    /// <summary>
    /// Deletes the temporary files (<c>.step-*.ckpt.*.tmp</c>) left by checkpoint writes that were killed: those last
    /// written before this process started that no process holds locked (a live writer does). Returns the files deleted.
    /// </summary>
    public IReadOnlyList<string> RemoveOrphans() => RemoveOrphans(ProcessStart.Value);

    /// <summary>Like <see cref="RemoveOrphans()"/>, with files written since <paramref name="before"/> taken as possibly in progress.</summary>
    public IReadOnlyList<string> RemoveOrphans(DateTime before)
    {
        if (!Directory.Exists(Path))
        {
            return [];
        }

        var removed = new List<string>();
        foreach (var temporary in Directory.EnumerateFiles(Path, DurableFile.TemporaryPattern(Pattern)).Where(t => DurableFile.IsOrphan(t, before)))
        {
            File.Delete(temporary);
            removed.Add(temporary);
        }

        return removed;
    }
}
