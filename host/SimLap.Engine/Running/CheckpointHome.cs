using System.Text.Json;
using SimLap.Engine.Experiments;

namespace SimLap.Engine.Running;

/// <summary>
/// Where runs keep their checkpoints: one folder per run, <c>&lt;home&gt;/&lt;experiment&gt;/&lt;run id&gt;</c>, under a home
/// chosen by <c>checkpoint.dir</c> or, by default, the user's data home (<c>$XDG_DATA_HOME/simlap/checkpoints</c>, else
/// <c>~/.local/share/simlap/checkpoints</c>) rather than the folder a command happens to run in. The run records its
/// folder relative to the home (tag <see cref="Tag"/>), never a local absolute path, and the folder holds a marker
/// (<see cref="MarkerFileName"/>) naming the run and its store, so <c>simlap runs prune</c> can tell whose it is.
/// </summary>
public static class CheckpointHome
{
    /// <summary>The tag holding the run's checkpoint folder relative to the checkpoint home (<c>&lt;experiment&gt;/&lt;run id&gt;</c>).</summary>
    public const string Tag = "simlap.checkpoints";

    /// <summary>The marker file in a run's checkpoint folder: the run id, experiment and store it belongs to.</summary>
    public const string MarkerFileName = ".simlap-run.json";

    /// <summary>The folder of checkpoints before there was a home: <c>./checkpoints/&lt;run id&gt;</c>, still searched on resume.</summary>
    public const string LegacyFolderName = "checkpoints";

    /// <summary>
    /// The default home: <c>$XDG_DATA_HOME/simlap/checkpoints</c> when XDG_DATA_HOME is an absolute path, else the
    /// platform's local data folder (<c>~/.local/share</c> on Linux and macOS, %LOCALAPPDATA% on Windows).
    /// </summary>
    public static string Default()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        var data = !string.IsNullOrWhiteSpace(xdg) && Path.IsPathFullyQualified(xdg)
            ? xdg
            : OperatingSystem.IsWindows()
                ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return Path.Combine(data, "simlap", "checkpoints");
    }

    /// <summary>The home <paramref name="dir"/> names (<c>~/</c> is the user's home; a relative path is relative to the current folder), or <see cref="Default"/> when empty.</summary>
    public static string Resolve(string? dir)
    {
        if (string.IsNullOrWhiteSpace(dir))
        {
            return Default();
        }

        var expanded = dir is "~" || dir.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), dir.Length > 2 ? dir[2..] : string.Empty)
            : dir;
        return Path.TrimEndingDirectorySeparator(Path.GetFullPath(expanded));
    }

    /// <summary>The home of an experiment's runs (<c>checkpoint.dir</c>, else <see cref="Default"/>).</summary>
    public static string For(ExperimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Resolve(options.Checkpoint.Dir);
    }

    /// <summary>A run's folder relative to its home, with '/' separators: <c>&lt;experiment&gt;/&lt;run id&gt;</c> (the value of <see cref="Tag"/>).</summary>
    public static string Relative(string experiment, string runId) => $"{Segment(experiment)}/{runId}";

    /// <summary>The checkpoint folder of run <paramref name="runId"/> of an experiment with <paramref name="options"/>.</summary>
    public static string RunFolder(ExperimentOptions options, string runId)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Path.Combine(For(options), Segment(options.Tracking.Experiment), runId);
    }

    /// <summary>
    /// The folders that may hold run <paramref name="runId"/>'s checkpoints, most likely first: its folder under the
    /// home, a folder of that run under another experiment of the home (the experiment was renamed), and where runs
    /// made before the home kept them: <c>./checkpoints/&lt;run id&gt;</c>, or <c>checkpoint.dir</c> itself.
    /// </summary>
    public static IReadOnlyList<string> Candidates(ExperimentOptions options, string runId)
    {
        var home = For(options);
        var own = RunFolder(options, runId);
        List<string> others = Directory.Exists(home)
            ? [.. Directory.EnumerateDirectories(home).Select(e => Path.Combine(e, runId)).Where(f => f != own && Directory.Exists(f)).Order(StringComparer.Ordinal)]
            : [];
        var legacy = options.Checkpoint.Dir.Length > 0 ? home : Path.GetFullPath(Path.Combine(LegacyFolderName, runId));
        return [own, .. others, legacy];
    }

    /// <summary>
    /// A checkpoint file as a run records it: relative to the home (<c>&lt;experiment&gt;/&lt;run id&gt;/step-….ckpt</c>) when it
    /// lies there, else its file name alone (a local absolute path means nothing to the store's other readers).
    /// </summary>
    public static string Describe(ExperimentOptions options, string checkpoint)
    {
        var relative = Path.GetRelativePath(For(options), Path.GetFullPath(checkpoint));
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? Path.GetFileName(checkpoint)
            : relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>Writes the marker of run <paramref name="runId"/> of <paramref name="experiment"/>, logged to <paramref name="store"/>, into <paramref name="folder"/>.</summary>
    public static void WriteMarker(string folder, string runId, string experiment, string store)
    {
        Directory.CreateDirectory(folder);
        var marker = new CheckpointMarker(runId, experiment, store);
        File.WriteAllText(Path.Combine(folder, MarkerFileName), JsonSerializer.Serialize(marker, CheckpointMarker.JsonOptions) + "\n");
    }

    /// <summary>The marker of a run's checkpoint folder; null when it has none or it cannot be read.</summary>
    public static CheckpointMarker? ReadMarker(string folder)
    {
        var path = Path.Combine(folder, MarkerFileName);
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<CheckpointMarker>(File.ReadAllText(path), CheckpointMarker.JsonOptions) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    /// <summary>An experiment name as one folder name: characters a file system refuses (and <c>/</c>, <c>\</c>) become <c>_</c>; <c>.</c> and <c>..</c> are spelt out.</summary>
    public static string Segment(string experiment)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        var invalid = Path.GetInvalidFileNameChars().Concat(['/', '\\', ':']).ToHashSet();
        var segment = new string(experiment.Trim().Select(c => invalid.Contains(c) || char.IsControl(c) ? '_' : c).ToArray());
        return segment switch
        {
            "" => "_",
            "." or ".." => segment.Replace('.', '_'),
            _ => segment,
        };
    }
}
