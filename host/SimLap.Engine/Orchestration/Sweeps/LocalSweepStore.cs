using System.Globalization;
using Microsoft.Extensions.Logging;
using SimLap.Engine.Compare;
using SimLap.Tracking;
using SimLap.Tracking.Rest;

namespace SimLap.Engine.Orchestration.Sweeps;

/// <summary>
/// <see cref="ISweepStore"/> over a local MLflow file store. Several processes (the tasks of a job array on a shared
/// file system) may use it at once: every write is one atomic file replacement.
/// </summary>
/// <param name="store">The store: a backend with a local folder.</param>
/// <param name="logger">Receives warnings.</param>
public sealed class LocalSweepStore(IResumableBackend store, ILogger? logger = null) : ISweepStore
{
    /// <summary>The store's folder.</summary>
    public string RootDirectory { get; } = store.LocalRoot
        ?? throw new ArgumentException($"'{store.Description}' is not a local store.", nameof(store));

    /// <inheritdoc />
    public string Description => RootDirectory;

    /// <inheritdoc />
    public string CreateRun(string experimentName, string runName, IReadOnlyDictionary<string, string> tags)
    {
        // The run's folder, tags and meta.yaml (RUNNING) are written before StartLocalRun returns; the run is not
        // ended here: the sweep's last trial (or nobody, if trials are left killed) ends it.
        var run = store.StartRun(experimentName, runName, tags);
        run.Flush();
        return run.RunId;
    }

    /// <inheritdoc />
    public RunRecord? FindRun(string runId)
    {
        if (!MlflowKeys.IsValid(runId) || runId.Contains('/') || runId.Contains('.'))
        {
            return null;
        }

        var folder = ExperimentFolders().Select(e => Path.Combine(e, runId)).FirstOrDefault(f => File.Exists(Path.Combine(f, LocalFileStore.MetaFileName)));
        return folder is null ? null : Read(folder);
    }

    /// <inheritdoc />
    public IReadOnlyList<RunRecord> Children(string parentRunId)
    {
        var children = new List<RunRecord>();
        foreach (var folder in ExperimentFolders().SelectMany(Directory.EnumerateDirectories))
        {
            var parentTag = Path.Combine(folder, "tags", SweepTags.ParentRunId);
            if (!Path.GetFileName(folder).StartsWith('.') && File.Exists(parentTag) && ReadText(parentTag) == parentRunId && Read(folder) is { } run)
            {
                children.Add(run);
            }
        }

        return children;
    }

    /// <inheritdoc />
    public void SetTags(string runId, IReadOnlyDictionary<string, string> tags)
    {
        var folder = RunFolder(runId);
        Directory.CreateDirectory(Path.Combine(folder, "tags"));
        foreach (var (key, value) in tags)
        {
            LocalFileStore.WriteFileAtomic(Path.Combine([folder, "tags", .. MlflowKeys.Sanitize(key).Split('/')]), value, Path.Combine(folder, "tags"));
        }
    }

    /// <inheritdoc />
    public void EndRun(string runId, RunStatus status)
    {
        using var run = store.ResumeRun(runId) ?? throw new TrackingStoreException($"There is no run '{runId}' in '{RootDirectory}'.", RootDirectory);
        run.End(status);
    }

    /// <inheritdoc />
    /// <remarks>The param file is created exclusively (O_EXCL, also on NFS), so of racing processes one creates it.</remarks>
    public string Claim(string runId, string key, string value)
    {
        var folder = Directory.CreateDirectory(Path.Combine(RunFolder(runId), "params")).FullName;
        var path = Path.Combine([folder, .. MlflowKeys.Sanitize(key).Split('/')]);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
            var bytes = System.Text.Encoding.UTF8.GetBytes(value);
            file.Write(bytes);
            file.Flush(flushToDisk: true);
            return value;
        }
        catch (IOException) when (File.Exists(path))
        {
            return ReadText(path);
        }
    }

    private string RunFolder(string runId) =>
        ExperimentFolders().Select(e => Path.Combine(e, runId)).FirstOrDefault(f => File.Exists(Path.Combine(f, LocalFileStore.MetaFileName)))
        ?? throw new TrackingStoreException($"There is no run '{runId}' in '{RootDirectory}'.", RootDirectory);

    private IEnumerable<string> ExperimentFolders() =>
        Directory.EnumerateDirectories(RootDirectory).Where(d => !Path.GetFileName(d).StartsWith('.'));

    private RunRecord? Read(string folder)
    {
        try
        {
            var meta = MlflowYaml.ReadMapping(Path.Combine(folder, LocalFileStore.MetaFileName));
            var status = int.TryParse(meta.GetValueOrDefault("status"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var code) && Enum.IsDefined((RunStatus)code)
                ? RestRun.StatusName((RunStatus)code)
                : meta.GetValueOrDefault("status") ?? "UNKNOWN";
            var runId = meta.GetValueOrDefault("run_id") ?? Path.GetFileName(folder);
            return new RunRecord(
                runId,
                meta.GetValueOrDefault("run_name") ?? runId,
                status,
                long.TryParse(meta.GetValueOrDefault("start_time"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var start) ? start : null,
                new Dictionary<string, string>(),
                ReadLatestMetrics(Path.Combine(folder, "metrics")),
                ReadValues(Path.Combine(folder, "tags")));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException)
        {
            logger?.LogWarning("Skipping the unreadable run folder '{Folder}': {Error}", folder, e.Message);
            return null;
        }
    }

    private static string ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static Dictionary<string, string> ReadValues(string folder)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Directory.Exists(folder))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith('.')))
            {
                result[Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/')] = ReadText(file);
            }
        }

        return result;
    }

    /// <summary>The value on the last line of each metric file (<c>&lt;ms&gt; &lt;value&gt; &lt;step&gt;</c>).</summary>
    private static Dictionary<string, double> ReadLatestMetrics(string folder)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        if (!Directory.Exists(folder))
        {
            return result;
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith('.')))
        {
            var last = ReadText(file).Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Split(' ');
            if (last is { Length: >= 2 } && double.TryParse(last[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                result[Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/')] = value;
            }
        }

        return result;
    }
}
