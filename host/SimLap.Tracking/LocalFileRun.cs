using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace SimLap.Tracking;

/// <summary>
/// A run in a <see cref="LocalFileStore"/>. Logging calls only enqueue: one background thread does the file I/O
/// (metric points of a key are batched into one append), so a training step never waits on the disk.
/// <see cref="Flush"/> waits for the queue to drain; <see cref="End"/> flushes and records the final status;
/// <see cref="Dispose"/> ends a run that was not ended as FAILED, so a crashed run is never left RUNNING.
/// Errors of the background writer are kept and thrown (as <see cref="TrackingStoreException"/>, with the path)
/// by the next <see cref="Flush"/> or <see cref="End"/>.
/// </summary>
public sealed class LocalFileRun : IRunTracker, IResumedRun
{
    /// <summary>The tag MLflow keeps the run name in.</summary>
    public const string RunNameTag = "mlflow.runName";

    private const string MetricsFolder = "metrics";
    private const string ParamsFolder = "params";
    private const string TagsFolder = "tags";
    private const string ArtifactsFolder = "artifacts";
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    private readonly Channel<Operation> _queue = Channel.CreateUnbounded<Operation>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false, AllowSynchronousContinuations = false });

    private readonly SanitizedKeys _keys = new("stored");
    private readonly LoggedParams _params = new();
    private readonly List<string> _warnings = [];
    private readonly List<TrackingStoreException> _errors = [];
    private readonly object _endGate = new();
    private readonly ILogger? _logger;
    private readonly long _startTime;
    private Task _writer = Task.CompletedTask;
    private volatile bool _ended;
    private RunStatus? _finalStatus;
    private volatile IReadOnlyDictionary<string, long>? _loggedUpTo;
    private int _skippedPoints;

    private LocalFileRun(string runDirectory, string experimentId, string runId, string runName, long startTime, ILogger? logger)
    {
        RunDirectory = runDirectory;
        ExperimentId = experimentId;
        RunId = runId;
        RunName = runName;
        _startTime = startTime;
        _logger = logger;
    }

    /// <inheritdoc />
    public string RunId { get; }

    /// <inheritdoc />
    public string ExperimentId { get; }

    /// <summary>The run's name (<c>run_name</c> in meta.yaml and the <c>mlflow.runName</c> tag).</summary>
    public string RunName { get; }

    /// <summary>The run's folder: <c>&lt;root&gt;/&lt;experiment_id&gt;/&lt;run_id&gt;</c>.</summary>
    public string RunDirectory { get; }

    /// <inheritdoc />
    public string Location => RunDirectory;

    /// <summary>The run's artifacts folder.</summary>
    public string ArtifactsDirectory => Path.Combine(RunDirectory, ArtifactsFolder);

    /// <summary>The status recorded by <see cref="End"/>, or null while the run is in progress.</summary>
    public RunStatus? FinalStatus
    {
        get
        {
            lock (_endGate)
            {
                return _finalStatus;
            }
        }
    }

    /// <summary>
    /// Things that were logged differently from how they were asked for: sanitised keys, param changes that were
    /// ignored (params are immutable, the first value is kept), logging after the run ended.
    /// </summary>
    public IReadOnlyList<string> Warnings
    {
        get
        {
            lock (_warnings)
            {
                return _warnings.ToArray();
            }
        }
    }

    /// <inheritdoc />
    public void LogParam(string key, string value)
    {
        var storedKey = Key(key);
        value = SecretRedaction.Redact(value);
        if (!_params.TryRecord(storedKey, value, out var conflict))
        {
            if (conflict is not null)
            {
                Warn(conflict);
            }

            return;
        }

        Enqueue(new FileOperation(Path.Combine(RunDirectory, ParamsFolder, storedKey), StoreFaults.Param, value));
    }

    /// <inheritdoc />
    /// <remarks>After <see cref="SkipLoggedSteps"/>, a point at or below its key's highest stored step is skipped.</remarks>
    public void LogMetric(string key, double value, long step) =>
        LogMetric(key, value, step, DateTimeOffset.FromUnixTimeMilliseconds(LocalFileStore.NowMillis()));

    /// <summary>Points <c>LogMetric</c> skipped because the resumed run already had them.</summary>
    public int SkippedPoints => Volatile.Read(ref _skippedPoints);

    /// <inheritdoc />
    /// <remarks>A torn last line (a write cut by a kill or a full disk) is cut off the metric file first.</remarks>
    public int SkipLoggedSteps()
    {
        var metrics = Path.Combine(RunDirectory, MetricsFolder);
        var logged = new Dictionary<string, long>(StringComparer.Ordinal);
        if (Directory.Exists(metrics))
        {
            foreach (var file in Directory.EnumerateFiles(metrics, "*", SearchOption.AllDirectories))
            {
                var key = Path.GetRelativePath(metrics, file).Replace(Path.DirectorySeparatorChar, '/');
                if (MaxStep(file) is { } max)
                {
                    logged[key] = max;
                }
            }
        }

        _loggedUpTo = logged;
        return logged.Count;
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

    /// <inheritdoc />
    /// <remarks>After <see cref="SkipLoggedSteps"/>, a point at or below its key's highest stored step is skipped.</remarks>
    public void LogMetric(string key, double value, long step, DateTimeOffset timestamp)
    {
        var storedKey = Key(key);
        if (_loggedUpTo is { } logged && logged.TryGetValue(storedKey, out var upTo) && step <= upTo)
        {
            Interlocked.Increment(ref _skippedPoints);
            return;
        }

        Enqueue(new MetricOperation(storedKey, value, step, timestamp.ToUnixTimeMilliseconds()));
    }

    /// <inheritdoc />
    public void SetTag(string key, string value) =>
        Enqueue(new FileOperation(Path.Combine(RunDirectory, TagsFolder, Key(key)), StoreFaults.Tag, SecretRedaction.Redact(value ?? string.Empty)));

    /// <inheritdoc />
    /// <remarks>
    /// The copy happens in the background: leave the file unchanged until <see cref="Flush"/> or
    /// <see cref="End"/> returns.
    /// </remarks>
    /// <exception cref="FileNotFoundException"><paramref name="localPath"/> is not an existing file.</exception>
    public void LogArtifact(string localPath, string artifactPath = "")
    {
        ArgumentException.ThrowIfNullOrEmpty(localPath);
        var source = Path.GetFullPath(localPath);
        if (!File.Exists(source))
        {
            throw new FileNotFoundException($"Cannot log the artifact '{source}': the file does not exist.", source);
        }

        var folder = MlflowKeys.SanitizeArtifactPath(artifactPath);
        var target = folder.Length == 0
            ? Path.Combine(ArtifactsDirectory, Path.GetFileName(source))
            : Path.Combine(ArtifactsDirectory, folder, Path.GetFileName(source));
        Enqueue(new ArtifactOperation(source, target));
    }

    /// <inheritdoc />
    /// <exception cref="TrackingStoreException">A background write failed since the last Flush/End.</exception>
    public void Flush()
    {
        if (!_ended)
        {
            var flush = new FlushOperation();
            if (_queue.Writer.TryWrite(flush))
            {
                Task.WaitAny(flush.Done.Task, _writer);
            }
            else
            {
                _writer.Wait();
            }
        }

        ThrowErrors();
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="status"/> is not a final status.</exception>
    /// <exception cref="TrackingStoreException">A write failed (the status is still recorded when possible).</exception>
    public void End(RunStatus status)
    {
        if (status is not (RunStatus.Finished or RunStatus.Failed or RunStatus.Killed))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "A run ends as Finished, Failed or Killed.");
        }

        lock (_endGate)
        {
            if (_ended)
            {
                return;
            }

            _ended = true;
            _queue.Writer.TryComplete();
            _writer.Wait();
            if (PendingErrors() is { } lost)
            {
                // Something logged was not stored: the run is not FINISHED (nor merely KILLED), whatever it says.
                status = RunStatus.Failed;
                try
                {
                    WriteValueFile(Path.Combine(RunDirectory, TagsFolder, "simlap.error"), StoreFaults.Tag, "tracking writes failed: " + lost);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // Reported with the other errors; the status below still says FAILED if it can be written.
                }
            }

            var metaPath = Path.Combine(RunDirectory, LocalFileStore.MetaFileName);
            try
            {
                WriteFinalMeta(status, LocalFileStore.NowMillis());
                _finalStatus = status;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                lock (_errors)
                {
                    _errors.Insert(0, new TrackingStoreException(
                        $"the tracking store could not be updated: run {RunId} could not be marked {status.ToString().ToUpperInvariant()} in '{metaPath}' ({ex.Message}); it may still show as RUNNING.",
                        metaPath,
                        ex));
                }
            }
        }

        ThrowErrors();
    }

    /// <summary>Ends the run as <see cref="RunStatus.Failed"/> if <see cref="End"/> was not called; never throws.</summary>
    public void Dispose()
    {
        if (_ended)
        {
            return;
        }

        try
        {
            End(RunStatus.Failed);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger?.LogError(ex, "Tracking writes for run {RunId} failed while ending it as FAILED", RunId);
        }
    }

    /// <summary>Creates the run's folders, tags and meta.yaml (written last) and starts its writer.</summary>
    internal static LocalFileRun Create(
        string runDirectory, string experimentId, string runId, string runName, IReadOnlyDictionary<string, string> tags, ILogger? logger)
    {
        if (Directory.Exists(runDirectory))
        {
            throw new IOException($"The run folder '{runDirectory}' already exists.");
        }

        var run = new LocalFileRun(runDirectory, experimentId, runId, runName, LocalFileStore.NowMillis(), logger);
        try
        {
            run.WriteNewRun(tags);
        }
        catch
        {
            // A half-created run (no meta.yaml) is invisible to MLflow and only litters the store.
            try
            {
                Directory.Delete(runDirectory, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                logger?.LogWarning("Could not remove the half-created run folder {Folder}: {Error}", runDirectory, ex.Message);
            }

            throw;
        }

        run._writer = Task.Factory.StartNew(run.WriteLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        return run;
    }

    private void WriteNewRun(IReadOnlyDictionary<string, string> tags)
    {
        var run = this;
        var runDirectory = RunDirectory;
        var runName = RunName;
        foreach (var folder in new[] { MetricsFolder, ParamsFolder, ArtifactsFolder, TagsFolder })
        {
            Directory.CreateDirectory(Path.Combine(runDirectory, folder));
        }

        var allTags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [RunNameTag] = runName,
            ["mlflow.user"] = RunSource.UserName(),
            ["mlflow.source.type"] = "LOCAL",
            ["mlflow.source.name"] = RunSource.SourceName(),
        };
        foreach (var (key, value) in tags)
        {
            var storedKey = run.Key(key);
            if (storedKey == RunNameTag && value != runName)
            {
                run.Warn($"Tag '{RunNameTag}' = '{value}' was ignored: the run is named '{runName}'.");
                continue;
            }

            allTags[storedKey] = SecretRedaction.Redact(value);
        }

        foreach (var (key, value) in allTags)
        {
            run.WriteValueFile(Path.Combine(runDirectory, TagsFolder, key), StoreFaults.Tag, value);
        }

        StoreFaults.Hit(StoreFaults.Meta);
        LocalFileStore.WriteFileAtomic(Path.Combine(runDirectory, LocalFileStore.MetaFileName), run.FormatMeta(RunStatus.Running, null));
    }

    /// <summary>Formats a metric value so Python's <c>float()</c> reads it back exactly (<c>nan</c>, <c>inf</c>, <c>-inf</c>).</summary>
    public static string FormatMetricValue(double value) =>
        double.IsNaN(value) ? "nan"
        : double.IsPositiveInfinity(value) ? "inf"
        : double.IsNegativeInfinity(value) ? "-inf"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private string FormatMeta(RunStatus status, long? endTime) =>
        new StringBuilder()
            .Append("artifact_uri: ").Append(MlflowYaml.Scalar(FileUris.FromPath(ArtifactsDirectory))).Append('\n')
            .Append("end_time: ").Append(endTime?.ToString(CultureInfo.InvariantCulture) ?? "null").Append('\n')
            .Append("entry_point_name: ''\n")
            .Append("experiment_id: ").Append(MlflowYaml.Quoted(ExperimentId)).Append('\n')
            .Append("lifecycle_stage: active\n")
            .Append("run_id: ").Append(MlflowYaml.Scalar(RunId)).Append('\n')
            .Append("run_name: ").Append(MlflowYaml.Scalar(RunName)).Append('\n')
            .Append("run_uuid: ").Append(MlflowYaml.Scalar(RunId)).Append('\n')
            .Append("source_name: ''\n")
            .Append("source_type: 4\n")
            .Append("source_version: ''\n")
            .Append("start_time: ").Append(_startTime.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append("status: ").Append(((int)status).ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append("tags: []\n")
            .Append("user_id: ").Append(MlflowYaml.Scalar(RunSource.UserName())).Append('\n')
            .ToString();

    /// <summary>
    /// Rewrites meta.yaml with the end time and status. Only those two lines change, so a rename or deletion made
    /// meanwhile (by MLflow's UI, say) is kept.
    /// </summary>
    private void WriteFinalMeta(RunStatus status, long endTime)
    {
        var metaPath = Path.Combine(RunDirectory, LocalFileStore.MetaFileName);
        var endLine = "end_time: " + endTime.ToString(CultureInfo.InvariantCulture);
        var statusLine = "status: " + ((int)status).ToString(CultureInfo.InvariantCulture);
        string content;
        try
        {
            var lines = File.ReadAllLines(metaPath, Utf8NoBom).ToList();
            var sawEnd = false;
            var sawStatus = false;
            for (var i = 0; i < lines.Count; i++)
            {
                if (lines[i].StartsWith("end_time:", StringComparison.Ordinal))
                {
                    lines[i] = endLine;
                    sawEnd = true;
                }
                else if (lines[i].StartsWith("status:", StringComparison.Ordinal))
                {
                    lines[i] = statusLine;
                    sawStatus = true;
                }
            }

            content = sawEnd && sawStatus ? string.Join('\n', lines) + "\n" : FormatMeta(status, endTime);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            content = FormatMeta(status, endTime);
        }

        StoreFaults.Hit(StoreFaults.Meta);
        LocalFileStore.WriteFileAtomic(metaPath, content);
    }

    private string Key(string key)
    {
        var stored = _keys.Get(key, out var warning);
        if (warning is not null)
        {
            Warn(warning);
        }

        return stored;
    }

    private void Warn(string message)
    {
        lock (_warnings)
        {
            _warnings.Add(message);
        }

        _logger?.LogWarning("Run {RunId}: {Warning}", RunId, message);
    }

    private void Enqueue(Operation operation)
    {
        if (!_queue.Writer.TryWrite(operation))
        {
            Warn($"The run has ended; {operation.Describe()} was not logged.");
        }
    }

    private string? PendingErrors()
    {
        lock (_errors)
        {
            return _errors.Count == 0 ? null : string.Join("; ", _errors.Take(3).Select(e => e.Message));
        }
    }

    private void ThrowErrors()
    {
        TrackingStoreException[] errors;
        lock (_errors)
        {
            errors = [.. _errors];
            _errors.Clear();
        }

        if (errors.Length == 1)
        {
            throw errors[0];
        }

        if (errors.Length > 1)
        {
            var summary = string.Join("; ", errors.Take(5).Select(e => e.Message));
            throw new TrackingStoreException(
                $"{errors.Length} tracking writes failed for run {RunId}: {summary}{(errors.Length > 5 ? "; ..." : string.Empty)}",
                errors[0].Path,
                new AggregateException(errors));
        }
    }

    private void AddError(string path, string action, Exception ex)
    {
        lock (_errors)
        {
            _errors.Add(new TrackingStoreException($"Cannot {action} '{path}': {ex.Message}", path, ex));
        }
    }

    /// <summary>Writes a param or tag value (raw, no trailing newline) atomically, its temp file in the run folder.</summary>
    private void WriteValueFile(string path, string site, string value)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        StoreFaults.Hit(site);
        LocalFileStore.WriteFileAtomic(path, Utf8NoBom.GetBytes(value), RunDirectory);
    }

    /// <summary>Reopens an existing run folder: status back to RUNNING, end time cleared, writer started.</summary>
    internal static LocalFileRun Reopen(string runDirectory, ILogger? logger)
    {
        var metaPath = Path.Combine(runDirectory, LocalFileStore.MetaFileName);
        var meta = MlflowYaml.ReadMapping(metaPath);
        var startTime = long.TryParse(meta.GetValueOrDefault("start_time"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var start) ? start : LocalFileStore.NowMillis();
        var run = new LocalFileRun(runDirectory, meta.GetValueOrDefault("experiment_id") ?? "0", Path.GetFileName(runDirectory), meta.GetValueOrDefault("run_name") ?? "", startTime, logger);
        StoreFaults.Hit(StoreFaults.Meta);
        LocalFileStore.WriteFileAtomic(metaPath, run.FormatMeta(RunStatus.Running, null));
        run._writer = Task.Factory.StartNew(run.WriteLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        return run;
    }

    /// <summary>The background writer: drains the queue, appending each key's metric points in one write.</summary>
    private void WriteLoop()
    {
        var pending = new Dictionary<string, StringBuilder>(StringComparer.Ordinal);
        var createdFolders = new HashSet<string>(StringComparer.Ordinal);
        var reader = _queue.Reader;
        try
        {
            while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                while (reader.TryRead(out var operation))
                {
                    switch (operation)
                    {
                        case MetricOperation metric:
                            if (!pending.TryGetValue(metric.Key, out var lines))
                            {
                                pending[metric.Key] = lines = new StringBuilder();
                            }

                            lines.Append(metric.Timestamp.ToString(CultureInfo.InvariantCulture)).Append(' ')
                                .Append(FormatMetricValue(metric.Value)).Append(' ')
                                .Append(metric.Step.ToString(CultureInfo.InvariantCulture)).Append('\n');
                            break;
                        case FileOperation file:
                            Try(file.Path, "write", () => WriteValueFile(file.Path, file.Site, file.Value));
                            break;
                        case ArtifactOperation artifact:
                            Try(artifact.Target, "copy the artifact '" + artifact.Source + "' to", () => CopyArtifact(artifact));
                            break;
                        case FlushOperation flush:
                            WriteMetrics(pending, createdFolders);
                            flush.Done.TrySetResult();
                            break;
                    }
                }

                WriteMetrics(pending, createdFolders);
            }
        }
        catch (Exception ex)
        {
            // Not expected (each write catches its own errors), but never lose it.
            AddError(RunDirectory, "write the tracking data of the run in", ex);
        }
        finally
        {
            WriteMetrics(pending, createdFolders);
        }
    }

    private void WriteMetrics(Dictionary<string, StringBuilder> pending, HashSet<string> createdFolders)
    {
        foreach (var (key, lines) in pending)
        {
            if (lines.Length == 0)
            {
                continue;
            }

            var path = Path.Combine(RunDirectory, MetricsFolder, key);
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
    }

    private void CopyArtifact(ArtifactOperation artifact)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(artifact.Target)!);
        var temp = Path.Combine(RunDirectory, $".artifact.{Guid.NewGuid():N}.tmp");
        try
        {
            StoreFaults.Hit(StoreFaults.Artifact);
            File.Copy(artifact.Source, temp, overwrite: true);
            File.Move(temp, artifact.Target, overwrite: true);
        }
        catch
        {
            LocalFileStore.TryDelete(temp);
            throw;
        }
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

    private abstract record Operation
    {
        public abstract string Describe();
    }

    private sealed record MetricOperation(string Key, double Value, long Step, long Timestamp) : Operation
    {
        public override string Describe() => $"metric '{Key}' (step {Step})";
    }

    private sealed record FileOperation(string Path, string Site, string Value) : Operation
    {
        public override string Describe() => $"'{Path}'";
    }

    private sealed record ArtifactOperation(string Source, string Target) : Operation
    {
        public override string Describe() => $"artifact '{Source}'";
    }

    private sealed record FlushOperation : Operation
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override string Describe() => "flush";
    }
}
