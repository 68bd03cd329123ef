using SimLap.Engine.Configuration;
using SimLap.Tracking;

namespace SimLap.Engine.Running;

/// <summary>
/// Finds and removes the checkpoint folders (<see cref="CheckpointHome"/>) of runs a tracking store no longer has:
/// deleted runs (lifecycle <c>deleted</c>) and runs gone from it (<c>mlflow gc</c>, a removed folder). Only folders
/// whose marker names this store are judged; those of other stores and those without a marker are left alone.
/// </summary>
public static class CheckpointPruner
{
    /// <summary>Looks at every run folder under <paramref name="home"/> (of <paramref name="experiment"/> only, when given) and says which go.</summary>
    /// <exception cref="ConfigurationException">The home holds no folder of <paramref name="experiment"/>.</exception>
    public static PrunePlan Plan(string home, IResumableBackend store, string? experiment)
    {
        ArgumentNullException.ThrowIfNull(store);
        var remove = new List<PruneCandidate>();
        var others = new List<CheckpointMarker>();
        var unmarked = new List<string>();
        var kept = 0;
        foreach (var folder in RunFolders(home, experiment))
        {
            var marker = CheckpointHome.ReadMarker(folder);
            if (marker is null || marker.RunId != Path.GetFileName(folder))
            {
                unmarked.Add(folder);
            }
            else if (marker.Store != store.Description)
            {
                others.Add(marker);
            }
            else if (store.ReadRun(marker.RunId) is null)
            {
                remove.Add(new PruneCandidate(folder, Path.GetRelativePath(home, folder).Replace(Path.DirectorySeparatorChar, '/'), marker.RunId, Size(folder)));
            }
            else
            {
                kept++;
            }
        }

        return new PrunePlan(home, store.Description, remove, kept, others, unmarked);
    }

    /// <summary>Deletes the folders of <paramref name="plan"/> that are to go, and an experiment folder left empty; returns the bytes freed.</summary>
    public static long Delete(PrunePlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var candidate in plan.Remove)
        {
            Directory.Delete(candidate.Folder, recursive: true);
            var parent = Path.GetDirectoryName(candidate.Folder)!;
            if (!Directory.EnumerateFileSystemEntries(parent).Any())
            {
                Directory.Delete(parent);
            }
        }

        return plan.Bytes;
    }

    /// <summary>A size for people: <c>512 B</c>, <c>1.5 KB</c>, <c>12.3 MB</c> (powers of 1024).</summary>
    public static string FormatSize(long bytes)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB"];
        double size = bytes;
        var unit = 0;
        while (size >= 1024 && unit < units.Length - 1)
        {
            size /= 1024;
            unit++;
        }

        return unit == 0
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{size:0.0} {units[unit]}");
    }

    private static IEnumerable<string> RunFolders(string home, string? experiment)
    {
        if (!Directory.Exists(home))
        {
            return [];
        }

        var experiments = Directory.EnumerateDirectories(home).Where(d => !Path.GetFileName(d).StartsWith('.')).Order(StringComparer.Ordinal).ToList();
        if (experiment is not null)
        {
            var segment = CheckpointHome.Segment(experiment);
            var names = experiments.Select(Path.GetFileName).OfType<string>().ToList();
            if (!names.Contains(segment, StringComparer.Ordinal))
            {
                throw new ConfigurationException(
                    $"--experiment '{experiment}': the checkpoint home {home} holds no checkpoints of that experiment.{Suggest.DidYouMean(segment, names)}"
                    + (names.Count == 0 ? " It holds none at all." : $" It holds checkpoints of: {string.Join(", ", names)}."));
            }

            experiments = [Path.Combine(home, segment)];
        }

        return experiments.SelectMany(e => Directory.EnumerateDirectories(e).Where(d => !Path.GetFileName(d).StartsWith('.')).Order(StringComparer.Ordinal));
    }

    private static long Size(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
}
