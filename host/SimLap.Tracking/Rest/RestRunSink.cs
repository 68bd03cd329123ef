using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace SimLap.Tracking.Rest;

/// <summary>
/// The writer's side of a <see cref="RestRun"/>: collects records into log-batch requests within the server's limits,
/// uploads artifacts through the proxy and sets the final status. When the server stays unreachable after the
/// retries, it switches to the run's durable spool (<see cref="RunSpool"/>) and goes on: every later record is spooled,
/// in order, a probe every <see cref="MlflowRestOptions.ProbeInterval"/> replays the spool and goes live again, and
/// <c>simlap sync</c> delivers what is left. Requests the server rejects (4xx) are not retried; each kind of rejection
/// is logged once with the server's message and kept in <see cref="Errors"/>.
/// </summary>
internal sealed partial class RestRunSink : IRunSink
{
    private readonly MlflowRestClient client;
    private readonly ILogger? logger;
    private readonly RunWarnings warnings;
    private readonly SpoolHeader spoolHeader;
    private readonly ConcurrentDictionary<string, int> reported = new(StringComparer.Ordinal);
    private readonly List<string> errors = [];
    private readonly List<MlflowMetric> metrics = [];
    private readonly List<MlflowKeyValue> parameters = [];
    private readonly List<MlflowKeyValue> tags = [];
    private RunSpool? spool;
    private int spooledRecords;
    private int lostRecords;
    // True while records go to the spool rather than to the server; a probe every ProbeInterval turns it back off.
    private volatile bool offline;
    private long lastProbe;

    /// <summary>Creates the sink of run <paramref name="runId"/>; with <paramref name="spool"/>, offline from the start.</summary>
    public RestRunSink(MlflowRestClient client, SpoolHeader header, string runId, string? artifactUri, RunSpool? spool, RunWarnings warnings, ILogger? logger)
    {
        this.client = client;
        this.logger = logger;
        this.warnings = warnings;
        spoolHeader = header;
        this.spool = spool;
        this.offline = spool is not null;
        RunId = runId;
        ArtifactUri = artifactUri;
    }

    /// <summary>The run id on the server (the spool's id for a run not created there yet).</summary>
    public string RunId { get; }

    /// <summary>The run's artifact root on the server (null while it is only spooled).</summary>
    public string? ArtifactUri { get; }

    /// <summary>The spool folder once the run had to spool, else null.</summary>
    public string? SpoolDirectory => Volatile.Read(ref this.spool)?.Directory;

    /// <summary>True while records are spooled instead of delivered.</summary>
    public bool IsOffline => this.offline;

    /// <summary>Records that could be neither delivered nor spooled.</summary>
    public int LostRecords => Volatile.Read(ref lostRecords);

    /// <summary>Records written to the spool.</summary>
    public int SpooledRecords => Volatile.Read(ref spooledRecords);

    /// <summary>What the server rejected (4xx), once per kind of rejection.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (this.errors)
            {
                return this.errors.ToArray();
            }
        }
    }

    /// <inheritdoc />
    public TimeSpan Linger => this.client.Options.BatchInterval;

    /// <inheritdoc />
    public bool HasPending => this.metrics.Count + this.parameters.Count + this.tags.Count > 0;

    /// <inheritdoc />
    public async Task AddAsync(RunOperation operation)
    {
        switch (operation)
        {
            case MetricOperation metric:
                this.metrics.Add(new MlflowMetric { Key = metric.Key, Value = metric.Value, Step = metric.Step, Timestamp = metric.Timestamp });
                await SendIfFullAsync(this.metrics.Count, MlflowRestClient.MaxMetricsPerBatch).ConfigureAwait(false);
                break;
            case ParamOperation param:
                this.parameters.Add(new MlflowKeyValue(param.Key, param.Value));
                await SendIfFullAsync(this.parameters.Count, MlflowRestClient.MaxParamsPerBatch).ConfigureAwait(false);
                break;
            case TagOperation tag:
                // The same tag twice in one request is ambiguous: the later value wins, in its place.
                this.tags.RemoveAll(t => t.Key == tag.Key);
                this.tags.Add(new MlflowKeyValue(tag.Key, tag.Value));
                await SendIfFullAsync(this.tags.Count, MlflowRestClient.MaxTagsPerBatch).ConfigureAwait(false);
                break;
            case ArtifactOperation artifact:
                await WritePendingAsync().ConfigureAwait(false);
                await DeliverArtifactAsync(artifact).ConfigureAwait(false);
                break;
            case InputsOperation inputs:
                await WritePendingAsync().ConfigureAwait(false);
                await DeliverInputsAsync(inputs).ConfigureAwait(false);
                break;
        }
    }

    /// <inheritdoc />
    public async Task WritePendingAsync()
    {
        if (!HasPending)
        {
            return;
        }

        var batch = (this.metrics.ToArray(), this.parameters.ToArray(), this.tags.ToArray());
        this.metrics.Clear();
        this.parameters.Clear();
        this.tags.Clear();
        await DeliverBatchAsync(batch.Item1, batch.Item2, batch.Item3).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Fault(Exception error) =>
        ReportOnce("writer", $"Run {RunId}: tracking failed unexpectedly: {this.client.Options.Redact(error.Message)}");

    /// <inheritdoc />
    /// <remarks>Nothing: what was not delivered is spooled, and what could not be spooled fails <see cref="End"/>.</remarks>
    public void ThrowErrors()
    {
    }

    /// <inheritdoc />
    /// <remarks>Records that could be neither delivered nor spooled make the run FAILED, on the server too.</remarks>
    public void End(RunStatus status) => EndAsync(status).GetAwaiter().GetResult();

    /// <inheritdoc />
    public void LogEndFailure(Exception error) =>
        this.logger?.LogError("Run {RunId}: ending it as FAILED failed: {Error}", RunId, this.client.Options.Redact(error.Message));

    private async Task SendIfFullAsync(int count, int limit)
    {
        if (count >= limit)
        {
            await WritePendingAsync().ConfigureAwait(false);
        }
    }

    private async Task EndAsync(RunStatus status)
    {
        try
        {
            if (LostRecords > 0)
            {
                // Records are gone: the run is not FINISHED (nor merely KILLED) on the server either.
                status = RunStatus.Failed;
                await DeliverBatchAsync([], [], [new MlflowKeyValue("simlap.error", $"{LostRecords} tracking records could be neither delivered nor spooled")]).ConfigureAwait(false);
            }

            await DeliverEndAsync(RestRun.StatusName(status), LocalFileStore.NowMillis()).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Not expected (each delivery handles its own errors); reported as the writer reports its own.
            Fault(e);
        }

        FinishSpool();
        if (LostRecords > 0)
        {
            throw new TrackingStoreException(
                $"run {RunId}: {LostRecords} tracking records could be neither delivered to {this.client.Options.DisplayUri} nor spooled to '{this.client.Options.SpoolDirectory}' (see the errors above); the run is marked FAILED.",
                this.client.Options.SpoolDirectory);
        }
    }

    /// <summary>
    /// At the end: a spool fully replayed while the run went on is removed; one still offline gets a last replay
    /// (unless the process is stopping) and is otherwise left for <c>simlap sync</c>, with a warning.
    /// </summary>
    private void FinishSpool()
    {
        if (this.spool is not { } spool)
        {
            return;
        }

        if (this.offline && CanReconnect && !TrackingShutdown.IsRequested && Probe())
        {
            // Live: a record the server rejects stops the replay and stays in the spool, for simlap sync to report.
            var result = SpoolReplayer.Replay(spool, this.client, this.logger, live: true);
            this.offline = result.Remaining > 0 || result.Problems.Count > 0;
        }

        spool.Dispose();
        if (!this.offline)
        {
            try
            {
                Directory.Delete(spool.Directory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                this.logger?.LogWarning("Run {RunId}: the delivered spool {Spool} could not be removed: {Error}", RunId, spool.Directory, e.Message);
            }

            return;
        }

        this.logger?.LogWarning(
            "Run {RunId}: {Count} records were spooled to {Spool}; run 'simlap sync' when {Server} is reachable to deliver them.",
            RunId, SpooledRecords, spool.Directory, this.client.Options.DisplayUri);
    }

    /// <summary>Whether the run exists on the server (one started while it was unreachable is created by <c>simlap sync</c>).</summary>
    public bool CanReconnect => spoolHeader.RunId is not null;

    /// <summary>One quick request (a few seconds, no retry): does the server answer?</summary>
    private bool Probe()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            this.client.GetRunAsync(RunId, timeout.Token).GetAwaiter().GetResult();
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
        if (!this.offline || this.spool is not { } spool || !CanReconnect || TrackingShutdown.IsRequested
            || Stopwatch.GetElapsedTime(Interlocked.Read(ref lastProbe)) < this.client.Options.ProbeInterval)
        {
            return;
        }

        Interlocked.Exchange(ref lastProbe, Stopwatch.GetTimestamp());
        if (!Probe())
        {
            return;
        }

        var result = SpoolReplayer.Replay(spool, this.client, this.logger, live: true);
        if (result.Remaining == 0 && result.Problems.Count == 0)
        {
            this.offline = false;
            this.logger?.LogWarning("Run {RunId}: {Server} answers again; {Count} spooled records were delivered and the run logs live again.", RunId, this.client.Options.DisplayUri, result.Delivered);
        }
    }

    private async Task DeliverBatchAsync(MlflowMetric[] metrics, MlflowKeyValue[] parameters, MlflowKeyValue[] tags)
    {
        TryReconnect();
        foreach (var (m, p, t) in MlflowRestClient.SplitBatch(metrics, parameters, tags))
        {
            var maybeDelivered = false;
            if (!this.offline)
            {
                try
                {
                    await this.client.LogBatchAsync(RunId, m, p, t).ConfigureAwait(false);
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
        if (!this.offline && ArtifactUri is not null)
        {
            try
            {
                await this.client.UploadArtifactAsync(ArtifactUri, artifact.ArtifactPath, artifact.Source).ConfigureAwait(false);
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

        var spool = this.offline ? this.spool : EnsureSpool();
        if (spool is null)
        {
            Interlocked.Increment(ref lostRecords);
            return;
        }

        try
        {
            var copy = spool.CopyArtifact(artifact.Source);
            Spool(new SpoolRecord { Kind = SpoolRecord.ArtifactKind, ArtifactFile = copy, ArtifactPath = artifact.ArtifactPath }, 1);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Interlocked.Increment(ref lostRecords);
            ReportOnce("spool artifact", $"Run {RunId}: cannot spool the artifact '{artifact.Source}': {e.Message}");
        }
    }

    private async Task DeliverEndAsync(string status, long endTime)
    {
        if (this.offline && CanReconnect && !TrackingShutdown.IsRequested)
        {
            // The last chance to deliver live: probe now rather than at the next interval.
            Interlocked.Exchange(ref lastProbe, 0);
            TryReconnect();
        }

        if (!this.offline)
        {
            try
            {
                await this.client.UpdateRunAsync(RunId, status, endTime).ConfigureAwait(false);
                return;
            }
            catch (MlflowApiException e) when (e.IsTransient)
            {
                GoOffline(e);
            }
            catch (MlflowApiException e)
            {
                GoOffline(e, $"the server did not record the status {status}");
            }
        }

        Spool(new SpoolRecord { Kind = SpoolRecord.EndKind, Status = status, EndTime = endTime }, 1);
        if (this.offline && CanReconnect && !TrackingShutdown.IsRequested)
        {
            // The server answers but refuses some records: still record how the run ended, so it is not left
            // RUNNING there; the spool (which ends the run the same way) waits for simlap sync.
            try
            {
                await this.client.UpdateRunAsync(RunId, status, endTime).ConfigureAwait(false);
                await this.client.LogBatchAsync(RunId, null, null, [new MlflowKeyValue("simlap.spool", $"{SpooledRecords} records wait in {this.spool?.Directory} for simlap sync")]).ConfigureAwait(false);
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
            this.offline = true;
            Interlocked.Exchange(ref lastProbe, Stopwatch.GetTimestamp());
            var what = rejected is null ? cause.Message : $"{rejected}: {cause.Message}";
            if (rejected is not null)
            {
                lock (this.errors)
                {
                    this.errors.Add(this.client.Options.Redact(what));
                }
            }

            this.warnings.Add($"{what}. The run goes on; its records are spooled to {spool.Directory}, replayed when the server answers again (or by 'simlap sync').");
        }
    }

    private RunSpool? EnsureSpool()
    {
        if (this.spool is not null)
        {
            return this.spool;
        }

        try
        {
            var spool = RunSpool.Create(this.client.Options.SpoolDirectory, spoolHeader with { SpoolId = spoolHeader.SpoolId, CreatedAt = LocalFileStore.NowMillis() });
            Volatile.Write(ref this.spool, spool);
            return spool;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ReportOnce("spool", $"Run {RunId}: the server is unreachable and the spool cannot be created in '{this.client.Options.SpoolDirectory}': {e.Message}; records are lost.");
            return null;
        }
    }

    private void Spool(SpoolRecord record, int entries)
    {
        var spool = EnsureSpool();
        if (spool is null)
        {
            Interlocked.Add(ref lostRecords, entries);
            return;
        }

        try
        {
            spool.Append(record);
            Interlocked.Increment(ref spooledRecords);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Interlocked.Add(ref lostRecords, entries);
            ReportOnce("spool write", $"Run {RunId}: cannot write to the spool '{spool.Directory}': {e.Message}; records are lost.");
        }
    }

    private void ReportOnce(string kind, string message)
    {
        var count = this.reported.AddOrUpdate(kind, 1, (_, n) => n + 1);
        if (count > 1)
        {
            return;
        }

        message = this.client.Options.Redact(message);
        lock (this.errors)
        {
            this.errors.Add(message);
        }

        this.logger?.LogError("{Error}", message);
    }
}
