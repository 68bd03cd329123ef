using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace SimLap.Tracking.Rest;

/// <summary>
/// A run on an MLflow tracking server. Logging calls only enqueue into a bounded queue (a call waits only when
/// <see cref="MlflowRestOptions.QueueCapacity"/> records are waiting); one background task collects them for up to
/// <see cref="MlflowRestOptions.BatchInterval"/> into log-batch requests within the server's limits, uploads artifacts
/// through the proxy and finally sets the status. <see cref="Flush"/> blocks until everything logged so far was
/// delivered (or spooled); it, <see cref="End"/> and artifacts do not wait for the interval.
/// <para>
/// Nothing is lost: when the server stays unreachable after the retries, the run switches to its durable spool
/// (<see cref="RunSpool"/>) and goes on; every later record is spooled, in order, and <c>simlap sync</c> delivers
/// them. Requests the server rejects (4xx) are not retried; each kind of rejection is logged once with the server's
/// message and kept in <see cref="Errors"/>. Keys are sanitised, param values longer than 6000 characters and tag
/// values longer than 8000 are truncated (as the server would) with a warning, and credentials are masked in values.
/// </para>
/// </summary>
public sealed class RestRun : IRunTracker, IResumedRun
{
    private readonly MlflowRestClient _client;
    private readonly ILogger? _logger;
    private readonly Channel<Operation> _queue;
    private readonly SanitizedKeys _keys = new("logged");
    private readonly LoggedParams _params = new();
    private readonly ConcurrentDictionary<string, int> _reported = new(StringComparer.Ordinal);
    private readonly List<string> _warnings = [];
    private readonly List<string> _errors = [];
    private readonly object _endGate = new();
    private readonly SpoolHeader _spoolHeader;
    private readonly Task _writer;
    // Completed when a flush, end or artifact is queued; the writer puts a fresh one here each time it lingers.
    private TaskCompletionSource _urgent = new();
    private RunSpool? _spool;
    private int _spooledRecords;
    private int _lostRecords;
    private volatile bool _ended;
    // True while records go to the spool rather than to the server; a probe every ProbeInterval turns it back off.
    private volatile bool _offline;
    private long _lastProbe;
    private volatile IReadOnlyDictionary<string, long>? _loggedUpTo;

    private RestRun(MlflowRestClient client, SpoolHeader header, string runId, string experimentId, string? artifactUri, RunSpool? spool, ILogger? logger)
    {
        _client = client;
        _logger = logger;
        _spoolHeader = header;
        _spool = spool;
        _offline = spool is not null;
        RunId = runId;
        ExperimentId = experimentId;
        RunName = header.RunName;
        ArtifactUri = artifactUri;
        _queue = Channel.CreateBounded<Operation>(new BoundedChannelOptions(Math.Max(client.Options.QueueCapacity, 16))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <inheritdoc />
    /// <remarks>The server's run id; for a run started while the server was unreachable, the spool's id until <c>simlap sync</c> creates it.</remarks>
    public string RunId { get; }

    /// <inheritdoc />
    public string ExperimentId { get; }

    /// <summary>The run's name.</summary>
    public string RunName { get; }

    /// <summary>The run's artifact root on the server (null while it is only spooled).</summary>
    public string? ArtifactUri { get; }

    /// <inheritdoc />
    public string Location => _spoolHeader.RunId is null && _spool is not null
        ? _spool.Directory
        : $"{_client.Options.DisplayUri}/#/experiments/{ExperimentId}/runs/{RunId}";

    /// <summary>The spool folder once the run had to spool, else null.</summary>
    public string? SpoolDirectory => Volatile.Read(ref _spool)?.Directory;

    /// <summary>True while records are spooled instead of delivered.</summary>
    public bool IsOffline => _offline;

    /// <summary>Records that could be neither delivered nor spooled.</summary>
    public int LostRecords => Volatile.Read(ref _lostRecords);

    /// <summary>Records written to the spool.</summary>
    public int SpooledRecords => Volatile.Read(ref _spooledRecords);

    /// <summary>Sanitised keys, truncated values, ignored param changes, late calls.</summary>
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

    /// <summary>What the server rejected (4xx), once per kind of rejection.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToArray();
            }
        }
    }

    /// <inheritdoc />
    public void LogParam(string key, string value)
    {
        var storedKey = Key(key);
        value = Clean(storedKey, value, MlflowRestClient.MaxParamValueLength, "Param", "the full resolved configuration is in the resolved.yaml artifact");
        if (!_params.TryRecord(storedKey, value, out var conflict))
        {
            if (conflict is not null)
            {
                Warn(conflict);
            }

            return;
        }

        Enqueue(new ParamOperation(storedKey, value));
    }

    /// <inheritdoc />
    /// <remarks>After <see cref="SkipLoggedSteps"/>, a point at or below its key's highest step on the server is skipped.</remarks>
    public void LogMetric(string key, double value, long step) =>
        LogMetric(key, value, step, DateTimeOffset.FromUnixTimeMilliseconds(LocalFileStore.NowMillis()));

    /// <inheritdoc />
    /// <remarks>After <see cref="SkipLoggedSteps"/>, a point at or below its key's highest step on the server is skipped.</remarks>
    public void LogMetric(string key, double value, long step, DateTimeOffset timestamp)
    {
        var storedKey = Key(key);
        if (_loggedUpTo is { } logged && logged.TryGetValue(storedKey, out var upTo) && step <= upTo)
        {
            return;
        }

        Enqueue(new MetricOperation(new MlflowMetric { Key = storedKey, Value = value, Step = step, Timestamp = timestamp.ToUnixTimeMilliseconds() }));
    }

    /// <inheritdoc />
    /// <remarks>
    /// One runs/get: its latest point per metric is the one with the highest step. A server that cannot be asked
    /// leaves nothing skipped (the run logs every point, as before).
    /// </remarks>
    public int SkipLoggedSteps()
    {
        try
        {
            var run = _client.GetRunAsync(RunId).GetAwaiter().GetResult();
            var logged = run.Data.Metrics.GroupBy(m => m.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Max(m => m.Step), StringComparer.Ordinal);
            _loggedUpTo = logged;
            return logged.Count;
        }
        catch (MlflowApiException e)
        {
            Warn($"Cannot read which steps the server already has ({e.Message}); replayed steps may be logged twice.");
            return 0;
        }
    }

    /// <inheritdoc />
    public void SetTag(string key, string value)
    {
        var storedKey = Key(key);
        Enqueue(new TagOperation(storedKey, Clean(storedKey, value, MlflowRestClient.MaxTagValueLength, "Tag", null)));
    }

    /// <inheritdoc />
    /// <remarks>The upload happens in the background: leave the file unchanged until <see cref="Flush"/> or <see cref="End"/> returns.</remarks>
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
        var name = Path.GetFileName(source);
        Enqueue(new ArtifactOperation(source, folder.Length == 0 ? name : folder + "/" + name));
    }

    /// <inheritdoc />
    public void Flush()
    {
        if (_ended)
        {
            return;
        }

        var flush = new FlushOperation();
        if (TryEnqueue(flush))
        {
            Task.WaitAny(flush.Done.Task, _writer);
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="status"/> is not a final status.</exception>
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

            Flush();
            if (LostRecords > 0)
            {
                // Records are gone: the run is not FINISHED (nor merely KILLED) on the server either.
                status = RunStatus.Failed;
                TryEnqueue(new TagOperation("simlap.error", $"{LostRecords} tracking records could be neither delivered nor spooled"));
            }

            TryEnqueue(new EndOperation(StatusName(status), LocalFileStore.NowMillis()));
            _ended = true;
            _queue.Writer.TryComplete();
            _writer.GetAwaiter().GetResult();
        }

        if (LostRecords > 0)
        {
            throw new TrackingStoreException(
                $"run {RunId}: {LostRecords} tracking records could be neither delivered to {_client.Options.DisplayUri} nor spooled to '{_client.Options.SpoolDirectory}' (see the errors above); the run is marked FAILED.",
                _client.Options.SpoolDirectory);
        }
    }

    /// <summary>Ends the run as FAILED if <see cref="End"/> was not called; never throws.</summary>
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
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            _logger?.LogError("Run {RunId}: ending it as FAILED failed: {Error}", RunId, _client.Options.Redact(e.Message));
        }
    }

    /// <summary>The name MLflow's REST API uses for a status.</summary>
    public static string StatusName(RunStatus status) => status switch
    {
        RunStatus.Running => "RUNNING",
        RunStatus.Scheduled => "SCHEDULED",
        RunStatus.Finished => "FINISHED",
        RunStatus.Failed => "FAILED",
        RunStatus.Killed => "KILLED",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>A run created on the server.</summary>
    internal static RestRun Online(MlflowRestClient client, SpoolHeader header, MlflowRunInfo info, ILogger? logger) =>
        new(client, header with { SpoolId = info.RunId, RunId = info.RunId, ExperimentId = info.ExperimentId, ArtifactUri = info.ArtifactUri }, info.RunId, info.ExperimentId, info.ArtifactUri, null, logger);

    /// <summary>A run that could not be created on the server: everything goes to <paramref name="spool"/>, whose first record creates it.</summary>
    internal static RestRun Spooled(MlflowRestClient client, RunSpool spool, ILogger? logger) =>
        new(client, spool.Header, spool.Header.SpoolId, "pending", null, spool, logger);

    private string Key(string key)
    {
        var stored = _keys.Get(key, out var warning);
        if (warning is not null)
        {
            Warn(warning);
        }

        return stored;
    }

    private string Clean(string key, string? value, int maxLength, string kind, string? hint)
    {
        value ??= string.Empty;
        var redacted = _client.Options.Redact(value);
        if (redacted != value)
        {
            Warn($"{kind} '{key}' contained a tracking credential; it was masked.");
            value = redacted;
        }

        if (value.Length > maxLength)
        {
            if (_reported.TryAdd("truncated " + kind + " " + key, 0))
            {
                Warn($"{kind} '{key}' is {value.Length} characters long; MLflow keeps {maxLength}, so it was truncated{(hint is null ? "." : $" ({hint}).")}");
            }

            value = value[..maxLength];
        }

        return value;
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
        if (!TryEnqueue(operation))
        {
            Warn($"The run has ended; {operation.Describe()} was not logged.");
        }
    }

    private bool TryEnqueue(Operation operation)
    {
        if (!_queue.Writer.TryWrite(operation))
        {
            try
            {
                _queue.Writer.WriteAsync(operation).AsTask().GetAwaiter().GetResult();
            }
            catch (ChannelClosedException)
            {
                return false;
            }
        }

        if (operation is FlushOperation or EndOperation or ArtifactOperation)
        {
            // Wakes the writer if it is collecting a batch (after the write: see the check in WriteLoopAsync).
            Volatile.Read(ref _urgent).TrySetResult();
        }

        return true;
    }

    private async Task WriteLoopAsync()
    {
        var metrics = new List<MlflowMetric>();
        var parameters = new List<MlflowKeyValue>();
        var tags = new List<MlflowKeyValue>();
        var reader = _queue.Reader;

        async Task SendPendingAsync()
        {
            if (metrics.Count + parameters.Count + tags.Count == 0)
            {
                return;
            }

            var batch = (metrics.ToArray(), parameters.ToArray(), tags.ToArray());
            metrics.Clear();
            parameters.Clear();
            tags.Clear();
            await DeliverBatchAsync(batch.Item1, batch.Item2, batch.Item3).ConfigureAwait(false);
        }

        async Task DrainAsync()
        {
            while (reader.TryRead(out var operation))
            {
                try
                {
                    switch (operation)
                    {
                        case MetricOperation metric:
                            metrics.Add(metric.Metric);
                            if (metrics.Count >= MlflowRestClient.MaxMetricsPerBatch)
                            {
                                await SendPendingAsync().ConfigureAwait(false);
                            }

                            break;
                        case ParamOperation param:
                            parameters.Add(new MlflowKeyValue(param.Key, param.Value));
                            if (parameters.Count >= MlflowRestClient.MaxParamsPerBatch)
                            {
                                await SendPendingAsync().ConfigureAwait(false);
                            }

                            break;
                        case TagOperation tag:
                            // The same tag twice in one request is ambiguous: the later value wins, in its place.
                            tags.RemoveAll(t => t.Key == tag.Key);
                            tags.Add(new MlflowKeyValue(tag.Key, tag.Value));
                            if (tags.Count >= MlflowRestClient.MaxTagsPerBatch)
                            {
                                await SendPendingAsync().ConfigureAwait(false);
                            }

                            break;
                        case ArtifactOperation artifact:
                            await SendPendingAsync().ConfigureAwait(false);
                            await DeliverArtifactAsync(artifact).ConfigureAwait(false);
                            break;
                        case FlushOperation flush:
                            await SendPendingAsync().ConfigureAwait(false);
                            flush.Done.TrySetResult();
                            break;
                        case EndOperation end:
                            await SendPendingAsync().ConfigureAwait(false);
                            await DeliverEndAsync(end).ConfigureAwait(false);
                            break;
                    }
                }
                catch (Exception e)
                {
                    // Not expected (each delivery handles its own errors), but never let the writer die.
                    ReportOnce("writer", $"Run {RunId}: tracking failed unexpectedly: {_client.Options.Redact(e.Message)}");
                    (operation as FlushOperation)?.Done.TrySetResult();
                }
            }
        }

        var interval = _client.Options.BatchInterval;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            var woke = Stopwatch.GetTimestamp();
            await DrainAsync().ConfigureAwait(false);

            // Linger so that what the training loop logs next goes in the same request, until the interval ends or an
            // urgent operation is queued (a full batch was already sent by DrainAsync).
            while (metrics.Count + parameters.Count + tags.Count > 0 && !reader.Completion.IsCompleted)
            {
                var left = interval - Stopwatch.GetElapsedTime(woke);
                if (left <= TimeSpan.Zero)
                {
                    break;
                }

                // Published before looking at the queue: an urgent operation written after the look completes this
                // signal, one written before it is found by the look.
                var urgent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                Volatile.Write(ref _urgent, urgent);
                if (!reader.TryPeek(out _))
                {
                    await Task.WhenAny(urgent.Task, Task.Delay(left)).ConfigureAwait(false);
                }

                await DrainAsync().ConfigureAwait(false);
            }

            await SendPendingAsync().ConfigureAwait(false);
        }

        FinishSpool();
    }

    /// <summary>
    /// At the end: a spool fully replayed while the run went on is removed; one still offline gets a last replay
    /// (unless the process is stopping) and is otherwise left for <c>simlap sync</c>, with a warning.
    /// </summary>
    private void FinishSpool()
    {
        if (_spool is not { } spool)
        {
            return;
        }

        if (_offline && CanReconnect && !TrackingShutdown.IsRequested && Probe())
        {
            // Live: a record the server rejects stops the replay and stays in the spool, for simlap sync to report.
            var result = SpoolReplayer.Replay(spool, _client, _logger, live: true);
            _offline = result.Remaining > 0 || result.Problems.Count > 0;
        }

        spool.Dispose();
        if (!_offline)
        {
            try
            {
                Directory.Delete(spool.Directory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _logger?.LogWarning("Run {RunId}: the delivered spool {Spool} could not be removed: {Error}", RunId, spool.Directory, e.Message);
            }

            return;
        }

        _logger?.LogWarning(
            "Run {RunId}: {Count} records were spooled to {Spool}; run 'simlap sync' when {Server} is reachable to deliver them.",
            RunId, SpooledRecords, spool.Directory, _client.Options.DisplayUri);
    }

    private bool CanReconnect => _spoolHeader.RunId is not null;

    /// <summary>One quick request (a few seconds, no retry): does the server answer?</summary>
    private bool Probe()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            _client.GetRunAsync(RunId, timeout.Token).GetAwaiter().GetResult();
            return true;
        }
        catch (Exception e) when (e is MlflowApiException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>While offline, every <see cref="MlflowRestOptions.ProbeInterval"/>: when the server answers, replays the spool in order and goes live again.</summary>
    private void TryReconnect()
    {
        if (!_offline || _spool is not { } spool || !CanReconnect || TrackingShutdown.IsRequested
            || Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastProbe)) < _client.Options.ProbeInterval)
        {
            return;
        }

        Interlocked.Exchange(ref _lastProbe, Stopwatch.GetTimestamp());
        if (!Probe())
        {
            return;
        }

        var result = SpoolReplayer.Replay(spool, _client, _logger, live: true);
        if (result.Remaining == 0 && result.Problems.Count == 0)
        {
            _offline = false;
            _logger?.LogWarning("Run {RunId}: {Server} answers again; {Count} spooled records were delivered and the run logs live again.", RunId, _client.Options.DisplayUri, result.Delivered);
        }
    }

    private async Task DeliverBatchAsync(MlflowMetric[] metrics, MlflowKeyValue[] parameters, MlflowKeyValue[] tags)
    {
        TryReconnect();
        foreach (var (m, p, t) in MlflowRestClient.SplitBatch(metrics, parameters, tags))
        {
            var maybeDelivered = false;
            if (!_offline)
            {
                try
                {
                    await _client.LogBatchAsync(RunId, m, p, t).ConfigureAwait(false);
                    continue;
                }
                catch (MlflowApiException e) when (e.IsTransient)
                {
                    // No answer may still mean the server stored it: the replay checks before sending again.
                    maybeDelivered = e.StatusCode is null;
                    GoOffline(e);
                }
                catch (MlflowApiException e)
                {
                    // A rejection (4xx, an answer that is not JSON): keep the records rather than drop them.
                    GoOffline(e, $"the server rejected {m.Count} metric points, {p.Count} params and {t.Count} tags");
                }
            }

            Spool(new SpoolRecord
            {
                Kind = SpoolRecord.BatchKind,
                Metrics = m.Count == 0 ? null : m,
                Params = p.Count == 0 ? null : p,
                Tags = t.Count == 0 ? null : t,
                MaybeDelivered = maybeDelivered ? true : null,
            }, m.Count + p.Count + t.Count);
        }
    }

    private async Task DeliverArtifactAsync(ArtifactOperation artifact)
    {
        TryReconnect();
        if (!_offline && ArtifactUri is not null)
        {
            try
            {
                await _client.UploadArtifactAsync(ArtifactUri, artifact.ArtifactPath, artifact.Source).ConfigureAwait(false);
                return;
            }
            catch (MlflowApiException e) when (e.IsTransient)
            {
                GoOffline(e);
            }
            catch (MlflowApiException e)
            {
                ReportOnce($"artifact {e.ErrorCode ?? e.StatusCode.ToString()}", $"Run {RunId}: the artifact '{artifact.ArtifactPath}' was not stored: {e.Message}");
                return;
            }
            catch (NotSupportedException e)
            {
                ReportOnce("artifact proxy", $"Run {RunId}: artifacts are not logged: {e.Message}");
                return;
            }
            catch (IOException e)
            {
                ReportOnce("artifact read " + artifact.Source, $"Run {RunId}: cannot read the artifact '{artifact.Source}': {e.Message}");
                return;
            }
        }

        var spool = _offline ? _spool : EnsureSpool();
        if (spool is null)
        {
            Interlocked.Increment(ref _lostRecords);
            return;
        }

        try
        {
            var copy = spool.CopyArtifact(artifact.Source);
            Spool(new SpoolRecord { Kind = SpoolRecord.ArtifactKind, ArtifactFile = copy, ArtifactPath = artifact.ArtifactPath }, 1);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Interlocked.Increment(ref _lostRecords);
            ReportOnce("spool artifact", $"Run {RunId}: cannot spool the artifact '{artifact.Source}': {e.Message}");
        }
    }

    private async Task DeliverEndAsync(EndOperation end)
    {
        if (_offline && CanReconnect && !TrackingShutdown.IsRequested)
        {
            // The last chance to deliver live: probe now rather than at the next interval.
            Interlocked.Exchange(ref _lastProbe, 0);
            TryReconnect();
        }

        if (!_offline)
        {
            try
            {
                await _client.UpdateRunAsync(RunId, end.Status, end.EndTime).ConfigureAwait(false);
                return;
            }
            catch (MlflowApiException e) when (e.IsTransient)
            {
                GoOffline(e);
            }
            catch (MlflowApiException e)
            {
                GoOffline(e, $"the server did not record the status {end.Status}");
            }
        }

        Spool(new SpoolRecord { Kind = SpoolRecord.EndKind, Status = end.Status, EndTime = end.EndTime }, 1);
        if (_offline && CanReconnect && !TrackingShutdown.IsRequested)
        {
            // The server answers but refuses some records: still record how the run ended, so it is not left
            // RUNNING there; the spool (which ends the run the same way) waits for simlap sync.
            try
            {
                await _client.UpdateRunAsync(RunId, end.Status, end.EndTime).ConfigureAwait(false);
                await _client.LogBatchAsync(RunId, null, null, [new MlflowKeyValue("simlap.spool", $"{SpooledRecords} records wait in {_spool?.Directory} for simlap sync")]).ConfigureAwait(false);
            }
            catch (MlflowApiException)
            {
                // Unreachable after all: the spooled end record sets the status at the next sync.
            }
        }
    }

    private void GoOffline(MlflowApiException cause, string? rejected = null)
    {
        if (EnsureSpool() is { } spool)
        {
            _offline = true;
            Interlocked.Exchange(ref _lastProbe, Stopwatch.GetTimestamp());
            var what = rejected is null ? cause.Message : $"{rejected}: {cause.Message}";
            if (rejected is not null)
            {
                lock (_errors)
                {
                    _errors.Add(_client.Options.Redact(what));
                }
            }

            Warn($"{what}. The run goes on; its records are spooled to {spool.Directory}, replayed when the server answers again (or by 'simlap sync').");
        }
    }

    private RunSpool? EnsureSpool()
    {
        if (_spool is not null)
        {
            return _spool;
        }

        try
        {
            var spool = RunSpool.Create(_client.Options.SpoolDirectory, _spoolHeader with { SpoolId = _spoolHeader.SpoolId, CreatedAt = LocalFileStore.NowMillis() });
            Volatile.Write(ref _spool, spool);
            return spool;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ReportOnce("spool", $"Run {RunId}: the server is unreachable and the spool cannot be created in '{_client.Options.SpoolDirectory}': {e.Message}; records are lost.");
            return null;
        }
    }

    private void Spool(SpoolRecord record, int entries)
    {
        var spool = EnsureSpool();
        if (spool is null)
        {
            Interlocked.Add(ref _lostRecords, entries);
            return;
        }

        try
        {
            spool.Append(record);
            Interlocked.Increment(ref _spooledRecords);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Interlocked.Add(ref _lostRecords, entries);
            ReportOnce("spool write", $"Run {RunId}: cannot write to the spool '{spool.Directory}': {e.Message}; records are lost.");
        }
    }

    private void ReportOnce(string kind, string message)
    {
        var count = _reported.AddOrUpdate(kind, 1, (_, n) => n + 1);
        if (count > 1)
        {
            return;
        }

        message = _client.Options.Redact(message);
        lock (_errors)
        {
            _errors.Add(message);
        }

        _logger?.LogError("{Error}", message);
    }

    private abstract record Operation
    {
        public abstract string Describe();
    }

    private sealed record MetricOperation(MlflowMetric Metric) : Operation
    {
        public override string Describe() => $"metric '{Metric.Key}' (step {Metric.Step})";
    }

    private sealed record ParamOperation(string Key, string Value) : Operation
    {
        public override string Describe() => $"param '{Key}'";
    }

    private sealed record TagOperation(string Key, string Value) : Operation
    {
        public override string Describe() => $"tag '{Key}'";
    }

    private sealed record ArtifactOperation(string Source, string ArtifactPath) : Operation
    {
        public override string Describe() => $"artifact '{Source}'";
    }

    private sealed record EndOperation(string Status, long EndTime) : Operation
    {
        public override string Describe() => "end";
    }

    private sealed record FlushOperation : Operation
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override string Describe() => "flush";
    }
}
