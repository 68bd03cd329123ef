using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace SimLap.Tracking;

/// <summary>
/// The files of one run in a <see cref="LocalFileStore"/>: <c>meta.yaml</c>, one file per param and tag (written
/// atomically), one append-only file per metric (a key's points are batched into one append) and the artifacts.
/// Write errors are kept and thrown (as <see cref="TrackingStoreException"/>, with the path) by the next flush or end.
/// </summary>
internal sealed class LocalRunSink(string runDirectory, string experimentId, string runId, string runName, long startTime, ILogger? logger) : IRunSink
{
    public const string MetricsFolder = "metrics";
    public const string ParamsFolder = "params";
    public const string TagsFolder = "tags";
    public const string ArtifactsFolder = "artifacts";
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    private readonly Dictionary<string, StringBuilder> pending = new(StringComparer.Ordinal);
    private readonly HashSet<string> createdFolders = new(StringComparer.Ordinal);
    private readonly List<TrackingStoreException> errors = [];
    private readonly object statusGate = new();
    private RunStatus? finalStatus;

    /// <summary>The run's artifacts folder.</summary>
    public string ArtifactsDirectory => Path.Combine(runDirectory, ArtifactsFolder);

    /// <summary>The status recorded by <see cref="End"/>, or null while the run is in progress.</summary>
    public RunStatus? FinalStatus
    {
        get
        {
            lock (statusGate)
            {
                return finalStatus;
            }
        }
    }

    /// <inheritdoc />
    public TimeSpan Linger => TimeSpan.Zero;

    /// <inheritdoc />
    public bool HasPending => pending.Values.Any(lines => lines.Length > 0);

    /// <summary>Creates the run's folders, writes <paramref name="tags"/> (keys already sanitised) and meta.yaml last.</summary>
    public void WriteNewRun(IReadOnlyDictionary<string, string> tags)
    {
        foreach (var folder in new[] { MetricsFolder, ParamsFolder, ArtifactsFolder, TagsFolder })
        {
            Directory.CreateDirectory(Path.Combine(runDirectory, folder));
        }

        foreach (var (key, value) in tags)
        {
            WriteValueFile(Path.Combine(runDirectory, TagsFolder, key), StoreFaults.Tag, value);
        }

        WriteRunningMeta();
    }

    /// <summary>Writes meta.yaml with status RUNNING and no end time (a new or reopened run).</summary>
    public void WriteRunningMeta()
    {
        StoreFaults.Hit(StoreFaults.Meta);
        LocalFileStore.WriteFileAtomic(Path.Combine(runDirectory, LocalFileStore.MetaFileName), FormatMeta(RunStatus.Running, null));
    }

    /// <summary>The highest stored step of every metric; a torn last line (a write cut by a kill or a full disk) is cut off the file first.</summary>
    public Dictionary<string, long> ReadLoggedSteps()
    {
        var metrics = Path.Combine(runDirectory, MetricsFolder);
        var logged = new Dictionary<string, long>(StringComparer.Ordinal);
        if (!Directory.Exists(metrics))
        {
            return logged;
        }

        foreach (var file in Directory.EnumerateFiles(metrics, "*", SearchOption.AllDirectories))
        {
            var key = Path.GetRelativePath(metrics, file).Replace(Path.DirectorySeparatorChar, '/');
            if (MaxStep(file) is { } max)
            {
                logged[key] = max;
            }
        }

        return logged;
    }

    /// <inheritdoc />
    public Task AddAsync(RunOperation operation)
    {
        switch (operation)
        {
            case MetricOperation metric:
                Collect(metric);
                break;
            case ParamOperation param:
                var paramPath = Path.Combine(runDirectory, ParamsFolder, param.Key);
                Try(paramPath, "write", () => WriteValueFile(paramPath, StoreFaults.Param, param.Value));
                break;
            case TagOperation tag:
                var tagPath = Path.Combine(runDirectory, TagsFolder, tag.Key);
                Try(tagPath, "write", () => WriteValueFile(tagPath, StoreFaults.Tag, tag.Value));
                break;
            case ArtifactOperation artifact:
                var target = Path.Combine(ArtifactsDirectory, artifact.ArtifactPath);
                Try(target, "copy the artifact '" + artifact.Source + "' to", () => CopyArtifact(artifact.Source, target));
                break;
            case InputsOperation inputs:
                Try(Path.Combine(runDirectory, LocalDatasetInputs.InputsFolder), "write the data set inputs of", () => LocalDatasetInputs.Write(runDirectory, runId, inputs.Inputs));
                break;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task WritePendingAsync()
    {
        foreach (var (key, lines) in pending)
        {
            if (lines.Length > 0)
            {
                AppendMetric(key, lines);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Fault(Exception error) => AddError(runDirectory, "write the tracking data of the run in", error);

    /// <inheritdoc />
    /// <remarks>A write that failed means something logged was not stored: the run ends FAILED, with the reason in <c>simlap.error</c>.</remarks>
    public void End(RunStatus status)
    {
        if (PendingErrors() is { } lost)
        {
            // Something logged was not stored: the run is not FINISHED (nor merely KILLED), whatever it says.
            status = RunStatus.Failed;
            try
            {
                WriteValueFile(Path.Combine(runDirectory, TagsFolder, "simlap.error"), StoreFaults.Tag, "tracking writes failed: " + lost);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Reported with the other errors; the status below still says FAILED if it can be written.
            }
        }

        RecordFinalStatus(status);
        ThrowErrors();
    }

    /// <inheritdoc />
    public void LogEndFailure(Exception error) =>
        logger?.LogError(error, "Tracking writes for run {RunId} failed while ending it as FAILED", runId);

    /// <inheritdoc />
    public void ThrowErrors()
    {
        TrackingStoreException[] errors;
        lock (this.errors)
        {
            errors = [.. this.errors];
            this.errors.Clear();
        }

        if (errors.Length == 1)
        {
            throw errors[0];
        }

        if (errors.Length > 1)
        {
            var summary = string.Join("; ", errors.Take(5).Select(e => e.Message));
            throw new TrackingStoreException(
                $"{errors.Length} tracking writes failed for run {runId}: {summary}{(errors.Length > 5 ? "; ..." : string.Empty)}",
                errors[0].Path,
                new AggregateException(errors));
        }
    }

    private void RecordFinalStatus(RunStatus status)
    {
        var metaPath = Path.Combine(runDirectory, LocalFileStore.MetaFileName);
        try
        {
            WriteFinalMeta(metaPath, status, LocalFileStore.NowMillis());
            lock (statusGate)
            {
                finalStatus = status;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            lock (this.errors)
            {
                this.errors.Insert(0, new TrackingStoreException(
                    $"the tracking store could not be updated: run {runId} could not be marked {status.ToString().ToUpperInvariant()} in '{metaPath}' ({ex.Message}); it may still show as RUNNING.",
                    metaPath,
                    ex));
            }
        }
    }

    /// <summary>The last point of <paramref name="key"/>'s metric file at <paramref name="step"/>, or null.</summary>
    public LinkedMetric? ReadStoredPoint(string key, long step)
    {
        var path = Path.Combine(runDirectory, MetricsFolder, key);
        if (!File.Exists(path))
        {
            return null;
        }

        LinkedMetric? found = null;
        foreach (var fields in File.ReadAllLines(path).Select(l => l.Split(' ')).Where(f => f.Length >= 3))
        {
            if (long.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) && s == step
                && long.TryParse(fields[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var timestamp)
                && double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                found = new LinkedMetric(key, value, step, timestamp);
            }
        }

        return found;
    }

    private static long? MaxStep(string file)
    {
        var bytes = File.ReadAllBytes(file);
        var complete = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        if (complete < bytes.Length)
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            stream.SetLength(complete);
        }

        long? max = null;
        foreach (var line in Utf8NoBom.GetString(bytes, 0, complete).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ');
            if (fields.Length >= 3 && long.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var step))
            {
                max = Math.Max(max ?? step, step);
            }
        }

        return max;
    }

    private string FormatMeta(RunStatus status, long? endTime) =>
        new StringBuilder()
            .Append("artifact_uri: ").Append(MlflowYaml.Scalar(FileUris.FromPath(ArtifactsDirectory))).Append('\n')
            .Append("end_time: ").Append(endTime?.ToString(CultureInfo.InvariantCulture) ?? "null").Append('\n')
            .Append("entry_point_name: ''\n")
            .Append("experiment_id: ").Append(MlflowYaml.Quoted(experimentId)).Append('\n')
            .Append("lifecycle_stage: active\n")
            .Append("run_id: ").Append(MlflowYaml.Scalar(runId)).Append('\n')
            .Append("run_name: ").Append(MlflowYaml.Scalar(runName)).Append('\n')
            .Append("run_uuid: ").Append(MlflowYaml.Scalar(runId)).Append('\n')
            .Append("source_name: ''\n")
            .Append("source_type: 4\n")
            .Append("source_version: ''\n")
            .Append("start_time: ").Append(startTime.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append("status: ").Append(((int)status).ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append("tags: []\n")
            .Append("user_id: ").Append(MlflowYaml.Scalar(RunSource.UserName())).Append('\n')
            .ToString();

    /// <summary>
    /// Rewrites meta.yaml with the end time and status. Only those two lines change, so a rename or deletion made
    /// meanwhile (by MLflow's UI, say) is kept.
    /// </summary>
    private void WriteFinalMeta(string metaPath, RunStatus status, long endTime)
    {
        var endLine = "end_time: " + endTime.ToString(CultureInfo.InvariantCulture);
        var statusLine = "status: " + ((int)status).ToString(CultureInfo.InvariantCulture);
        string content;
        try
        {
            var lines = File.ReadAllLines(metaPath, Utf8NoBom).ToList();
            var sawEnd = ReplaceLine(lines, "end_time:", endLine);
            var sawStatus = ReplaceLine(lines, "status:", statusLine);
            content = sawEnd && sawStatus ? string.Join('\n', lines) + "\n" : FormatMeta(status, endTime);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            content = FormatMeta(status, endTime);
        }

        StoreFaults.Hit(StoreFaults.Meta);
        LocalFileStore.WriteFileAtomic(metaPath, content);
    }

    private static bool ReplaceLine(List<string> lines, string prefix, string line)
    {
        var saw = false;
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].StartsWith(prefix, StringComparison.Ordinal))
            {
                lines[i] = line;
                saw = true;
            }
        }

        return saw;
    }

    private void Collect(MetricOperation metric)
    {
        if (!pending.TryGetValue(metric.Key, out var lines))
        {
            pending[metric.Key] = lines = new StringBuilder();
        }

        lines.Append(metric.Timestamp.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(LocalFileRun.FormatMetricValue(metric.Value)).Append(' ')
            .Append(metric.Step.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }

    private void AppendMetric(string key, StringBuilder lines)
    {
        var path = Path.Combine(runDirectory, MetricsFolder, key);
        Try(path, "append to the metric file", () =>
        {
            var folder = Path.GetDirectoryName(path)!;
            if (createdFolders.Add(folder))
            {
                Directory.CreateDirectory(folder);
            }

            // One write per batch, so a reader never sees half a line for long.
            var bytes = Utf8NoBom.GetBytes(lines.ToString());
            StoreFaults.Hit(StoreFaults.Metric);
            using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 1, FileOptions.None);
            stream.Write(bytes);
        });
        lines.Clear();
    }

    private void CopyArtifact(string source, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temp = Path.Combine(runDirectory, $".artifact.{Guid.NewGuid():N}.tmp");
        try
        {
            StoreFaults.Hit(StoreFaults.Artifact);
            File.Copy(source, temp, overwrite: true);
            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            LocalFileStore.TryDelete(temp);
            throw;
        }
    }

    /// <summary>Writes a param or tag value (raw, no trailing newline) atomically, its temp file in the run folder.</summary>
    private void WriteValueFile(string path, string site, string value)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        StoreFaults.Hit(site);
        LocalFileStore.WriteFileAtomic(path, Utf8NoBom.GetBytes(value), runDirectory);
    }

    private void Try(string path, string action, Action write)
    {
        try
        {
            write();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            AddError(path, action, ex);
        }
    }

    private void AddError(string path, string action, Exception ex)
    {
        lock (this.errors)
        {
            this.errors.Add(new TrackingStoreException($"Cannot {action} '{path}': {ex.Message}", path, ex));
        }
    }

    private string? PendingErrors()
    {
        lock (this.errors)
        {
            return this.errors.Count == 0 ? null : string.Join("; ", this.errors.Take(3).Select(e => e.Message));
        }
    }
}
