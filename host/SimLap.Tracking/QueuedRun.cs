using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using SimLap.Contracts.Tracking;

namespace SimLap.Tracking;

/// <summary>
/// A run whose logging calls only enqueue: one background writer takes the queue in order and hands each record to
/// the run's <see cref="IRunSink"/> (a local run folder or an MLflow server), so a training step never waits on a disk
/// or a network. <see cref="Flush"/> waits until everything logged so far is stored; <see cref="End"/> flushes, stops
/// the writer and records the final status; <see cref="Dispose"/> ends a run that was not ended as FAILED, so a
/// crashed run is never left RUNNING. After <see cref="SkipLoggedSteps"/>, a point at or below its key's highest
/// stored step is skipped (see <see cref="IResumedRun"/>).
/// </summary>
public abstract partial class QueuedRun : IRunTracker, IResumedRun
{
    private readonly Channel<RunOperation> queue;
    private readonly SanitizedKeys keys;
    private readonly LoggedParams loggedParams = new();
    private readonly object endGate = new();
    private Task writer = Task.CompletedTask;
    // Completed when a flush or an artifact is queued, or the queue closes; the writer puts a fresh one here each time it lingers.
    private TaskCompletionSource urgent = new();
    private volatile bool ended;
    private volatile IReadOnlyDictionary<string, long>? loggedUpTo;
    private int skippedPoints;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Key, long Step), byte> skipped = new();

    /// <summary>Creates the run; the writer starts with <see cref="StartWriter"/>.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="keyVerb">How a sanitised key's warning says it was kept ("stored", "logged").</param>
    /// <param name="capacity">How many records may wait before a logging call blocks; null for no bound.</param>
    /// <param name="logger">Where warnings go.</param>
    private protected QueuedRun(string runId, string keyVerb, int? capacity, ILogger? logger)
    {
        RunId = runId;
        this.keys = new SanitizedKeys(keyVerb);
        WarningLog = new RunWarnings(runId, logger);
        this.queue = capacity is { } bound
            ? Channel.CreateBounded<RunOperation>(new BoundedChannelOptions(bound) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true, SingleWriter = false })
            : Channel.CreateUnbounded<RunOperation>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false, AllowSynchronousContinuations = false });
    }

    /// <inheritdoc />
    public string RunId { get; }

    /// <inheritdoc />
    public abstract string ExperimentId { get; }

    /// <inheritdoc />
    public abstract string Location { get; }

    /// <summary>Points <c>LogMetric</c> skipped because the resumed run already had them.</summary>
    public int SkippedPoints => Volatile.Read(ref skippedPoints);

    /// <summary>
    /// Things that were logged differently from how they were asked for: sanitised keys, param changes that were
    /// ignored (params are immutable, the first value is kept), values cut or masked, logging after the run ended.
    /// </summary>
    public IReadOnlyList<string> Warnings => WarningLog.All;

    /// <summary>Where the run and its sink keep their warnings.</summary>
    private protected RunWarnings WarningLog { get; }

    /// <summary>Where the writer stores the records; set before <see cref="StartWriter"/>.</summary>
    private protected abstract IRunSink Sink { get; }

    /// <inheritdoc />
    public void LogParam(string key, string value)
    {
        var storedKey = Key(key);
        value = CleanParam(storedKey, value);
        if (!this.loggedParams.TryRecord(storedKey, value, out var conflict))
        {
            if (conflict is not null)
            {
                WarningLog.Add(conflict);
            }

            return;
        }

        Enqueue(new ParamOperation(storedKey, value));
    }

    /// <inheritdoc />
    public void LogMetric(string key, double value, long step) =>
        LogMetric(key, value, step, DateTimeOffset.FromUnixTimeMilliseconds(LocalFileStore.NowMillis()));

    /// <inheritdoc />
    public void LogMetric(string key, double value, long step, DateTimeOffset timestamp)
    {
        var storedKey = Key(key);
        if (loggedUpTo is { } logged && logged.TryGetValue(storedKey, out var upTo) && step <= upTo)
        {
            Interlocked.Increment(ref skippedPoints);
            skipped.TryAdd((storedKey, step), 0);
            return;
        }

        Enqueue(new MetricOperation(storedKey, value, step, timestamp.ToUnixTimeMilliseconds()));
    }

    /// <inheritdoc />
    public void SetTag(string key, string value)
    {
        var storedKey = Key(key);
        Enqueue(new TagOperation(storedKey, CleanTag(storedKey, value)));
    }

    /// <inheritdoc />
    /// <remarks>The copy happens in the background: leave the file unchanged until <see cref="Flush"/> or <see cref="End"/> returns.</remarks>
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
    public int SkipLoggedSteps()
    {
        if (ReadLoggedSteps() is not { } logged)
        {
            return 0;
        }

        loggedUpTo = logged;
        return logged.Count;
    }

    /// <inheritdoc />
    public LinkedMetric? SkippedPoint(string key, long step)
    {
        var storedKey = Key(key);
        return skipped.ContainsKey((storedKey, step)) ? ReadStoredPoint(storedKey, step) : null;
    }

    /// <inheritdoc />
    /// <exception cref="TrackingStoreException">A local write failed since the last Flush/End.</exception>
    public void Flush()
    {
        if (!this.ended)
        {
            Drain();
        }

        Sink.ThrowErrors();
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="status"/> is not a final status.</exception>
    /// <exception cref="TrackingStoreException">Something logged was not stored (the run is then marked FAILED when possible).</exception>
    public void End(RunStatus status)
    {
        if (status is not (RunStatus.Finished or RunStatus.Failed or RunStatus.Killed))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "A run ends as Finished, Failed or Killed.");
        }

        lock (endGate)
        {
            if (this.ended)
            {
                return;
            }

            Drain();
            this.ended = true;
            this.queue.Writer.TryComplete();
            Volatile.Read(ref this.urgent).TrySetResult();
            this.writer.GetAwaiter().GetResult();
            Sink.End(status);
        }
    }

    /// <summary>Ends the run as <see cref="RunStatus.Failed"/> if <see cref="End"/> was not called; never throws.</summary>
    public void Dispose()
    {
        if (this.ended)
        {
            return;
        }

        try
        {
            End(RunStatus.Failed);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            Sink.LogEndFailure(e);
        }
    }

    /// <summary>Starts the background writer, once the run's folder or server run exists.</summary>
    private protected void StartWriter() => this.writer = Task.Run(WriteLoopAsync);

    /// <summary>Sanitises <paramref name="key"/> as the store requires, with a warning when it changes.</summary>
    private protected string Key(string key)
    {
        var stored = this.keys.Get(key, out var warning);
        if (warning is not null)
        {
            WarningLog.Add(warning);
        }

        return stored;
    }

    /// <summary>A param's value as it is stored (credentials masked, and cut to the store's limit).</summary>
    private protected abstract string CleanParam(string key, string value);

    /// <summary>A tag's value as it is stored (credentials masked, and cut to the store's limit).</summary>
    private protected abstract string CleanTag(string key, string? value);

    /// <summary>The highest stored step of every metric; null when the store cannot say (nothing is skipped then).</summary>
    private protected abstract IReadOnlyDictionary<string, long>? ReadLoggedSteps();

    /// <summary>The last stored point of <paramref name="key"/> at <paramref name="step"/>, or null (none, or the store cannot say).</summary>
    private protected abstract LinkedMetric? ReadStoredPoint(string key, long step);

    private void Enqueue(RunOperation operation)
    {
        if (!TryEnqueue(operation))
        {
            WarningLog.Add($"The run has ended; {operation.Describe()} was not logged.");
        }
    }

    private bool TryEnqueue(RunOperation operation)
    {
        if (!this.queue.Writer.TryWrite(operation))
        {
            try
            {
                // A bounded queue is full: wait for room (an unbounded one only refuses once it is closed).
                this.queue.Writer.WriteAsync(operation).AsTask().GetAwaiter().GetResult();
            }
            catch (ChannelClosedException)
            {
                return false;
            }
        }

        if (operation is FlushOperation or ArtifactOperation)
        {
            // Wakes the writer if it is collecting a batch (after the write: see the check in LingerAsync).
            Volatile.Read(ref this.urgent).TrySetResult();
        }

        return true;
    }

    /// <summary>Waits until everything queued so far is stored (or the writer has stopped); throws nothing.</summary>
    private void Drain()
    {
        var flush = new FlushOperation();
        if (TryEnqueue(flush))
        {
            Task.WaitAny(flush.Done.Task, this.writer);
        }
        else
        {
            this.writer.Wait();
        }
    }

    private async Task WriteLoopAsync()
    {
        var reader = this.queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            var woke = Stopwatch.GetTimestamp();
            await DrainAsync().ConfigureAwait(false);
            await LingerAsync(woke).ConfigureAwait(false);
            await GuardAsync(Sink.WritePendingAsync).ConfigureAwait(false);
        }
    }

    private async Task DrainAsync()
    {
        while (this.queue.Reader.TryRead(out var operation))
        {
            if (operation is FlushOperation flush)
            {
                await GuardAsync(Sink.WritePendingAsync).ConfigureAwait(false);
                flush.Done.TrySetResult();
            }
            else
            {
                await GuardAsync(() => Sink.AddAsync(operation)).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Waits, while the sink collects a batch, so that what the training loop logs next goes in the same write: until
    /// the sink's linger time since <paramref name="woke"/> has passed or an urgent operation is queued.
    /// </summary>
    private async Task LingerAsync(long woke)
    {
        var reader = this.queue.Reader;
        while (Sink.Linger > TimeSpan.Zero && Sink.HasPending && !reader.Completion.IsCompleted)
        {
            var left = Sink.Linger - Stopwatch.GetElapsedTime(woke);
            if (left <= TimeSpan.Zero)
            {
                return;
            }

            // Published before looking at the queue: an urgent operation written after the look completes this
            // signal, one written before it is found by the look.
            var urgent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref this.urgent, urgent);
            if (!reader.TryPeek(out _))
            {
                await Task.WhenAny(urgent.Task, Task.Delay(left)).ConfigureAwait(false);
            }

            await DrainAsync().ConfigureAwait(false);
        }
    }

    private async Task GuardAsync(Func<Task> write)
    {
        try
        {
            await write().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Not expected (each write handles its own errors), but never let the writer die.
            Sink.Fault(e);
        }
    }
}
