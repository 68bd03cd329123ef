using Microsoft.Extensions.Logging;

namespace SimLap.Tracking.Rest;

/// <summary>
/// Replays spooled runs to their MLflow server, in order and idempotently: before each request the spool's cursor
/// names the record in flight, after its acknowledgement the cursor moves past it (both flushed to disk), so a replay
/// that stops (server gone again, Ctrl+C, kill -9) resumes after the last acknowledged record. The in-flight record,
/// and a batch the run itself sent without an answer, may already be stored: MLflow keeps identical points twice,
/// so before re-sending such a batch its points are compared with the server's history and only the missing ones go. A run created while offline is created on the server by
/// its first record and tagged <c>simlap.spool_id</c>, which makes that step idempotent too (an existing run with
/// the tag is reused). A record the server rejects (4xx) is reported and skipped; a transient failure stops the
/// replay of that spool. A spool whose run stopped without ending (no end record, lock free) is ended as FAILED.
/// </summary>
public static class SpoolReplayer
{
    /// <summary>The tag that links a server run to the spool it was created from.</summary>
    public const string SpoolIdTag = "simlap.spool_id";

    /// <summary>Replays every pending spool under <paramref name="spoolRoot"/>, oldest first.</summary>
    /// <param name="spoolRoot">The spool root folder.</param>
    /// <param name="clientFor">The client for a spool's tracking URI (callers cache one per URI).</param>
    /// <param name="logger">Receives problems; optional.</param>
    /// <param name="cancellation">Stops between records.</param>
    /// <param name="include">Which spools to replay (all by default).</param>
    public static IReadOnlyList<SpoolReplayResult> ReplayAll(
        string spoolRoot,
        Func<SpoolHeader, MlflowRestClient> clientFor,
        ILogger? logger = null,
        CancellationToken cancellation = default,
        Func<SpoolHeader, bool>? include = null)
    {
        var results = new List<SpoolReplayResult>();
        foreach (var directory in RunSpool.Find(spoolRoot))
        {
            cancellation.ThrowIfCancellationRequested();
            RunSpool spool;
            try
            {
                spool = RunSpool.Open(directory);
            }
            catch (InvalidDataException e)
            {
                logger?.LogWarning("Skipping {Spool}: {Error}", directory, e.Message);
                results.Add(new SpoolReplayResult(directory, "?", null, 0, 0, false, [e.Message]));
                continue;
            }

            using (spool)
            {
                if (spool.IsDone || (include is not null && !include(spool.Header)))
                {
                    continue;
                }

                results.Add(Replay(spool, clientFor(spool.Header), logger, cancellation));
            }
        }

        return results;
    }

    /// <summary>Replays one spool (taking its lock; a busy spool is left alone).</summary>
    /// <param name="spool">The spool.</param>
    /// <param name="client">The server's client.</param>
    /// <param name="logger">Receives problems; optional.</param>
    /// <param name="cancellation">Stops between records.</param>
    /// <param name="live">The run is still going (it replays its own spool after an outage): the spool is neither ended nor marked done.</param>
    public static SpoolReplayResult Replay(RunSpool spool, MlflowRestClient client, ILogger? logger = null, CancellationToken cancellation = default, bool live = false)
    {
        ArgumentNullException.ThrowIfNull(spool);
        ArgumentNullException.ThrowIfNull(client);
        var header = spool.Header;
        if (!spool.TryAcquire())
        {
            return new SpoolReplayResult(spool.Directory, header.RunName, header.RunId, 0, 0, false, ["busy: its run is still writing it, or another sync is replaying it"]) { Busy = true };
        }

        var records = spool.ReadRecords();
        var state = new ReplayState(spool, spool.ReadCursor());
        var pending = records.Where(r => r.Seq > state.Cursor.Acknowledged).ToList();
        if (DeliverPending(state, client, logger, pending, live, cancellation) is { } stopped)
        {
            return stopped;
        }

        if (live)
        {
            return state.Result(0);
        }

        if (state.Cursor.RunId is null)
        {
            state.Problems.Add("the spool has no run to deliver to");
            return state.Result(0);
        }

        if (!records.Any(r => r.Kind == SpoolRecord.EndKind) && !TryEndAsFailed(state, client, cancellation))
        {
            return state.Result(1);
        }

        spool.MarkDone(state.Cursor.RunId);
        return state.Result(0) with { Done = true };
    }

    /// <summary>
    /// Delivers <paramref name="pending"/> in order, moving the cursor past each; the result when the replay had to stop
    /// (the server is unreachable, or cannot say which points it already has), else null.
    /// </summary>
    private static SpoolReplayResult? DeliverPending(ReplayState state, MlflowRestClient client, ILogger? logger, List<SpoolRecord> pending, bool live, CancellationToken cancellation)
    {
        var spool = state.Spool;
        foreach (var record in pending)
        {
            cancellation.ThrowIfCancellationRequested();
            var toSend = record;
            if (state.Cursor.InFlight == record.Seq || record.MaybeDelivered == true)
            {
                try
                {
                    toSend = WithoutStoredPoints(client, state.Cursor, record, cancellation);
                }
                catch (MlflowApiException e)
                {
                    // Cannot tell what the server has: sending could store points twice, so the record waits.
                    state.Problems.Add(e.Message);
                    return state.Result(pending.Count - state.Delivered);
                }
            }

            state.Cursor = state.Cursor with { InFlight = record.Seq };
            spool.WriteCursor(state.Cursor);
            try
            {
                state.Cursor = Deliver(client, spool.Header, state.Cursor, toSend, spool, cancellation);
            }
            catch (MlflowApiException e) when (e.IsTransient || live || record.Kind == SpoolRecord.CreateRunKind)
            {
                state.Problems.Add(e.Message);
                logger?.LogWarning("Spool {Spool}: {Error}; {Remaining} records left for the next sync", spool.Directory, e.Message, pending.Count - state.Delivered);
                return state.Result(pending.Count - state.Delivered);
            }
            catch (Exception e) when (e is MlflowApiException or NotSupportedException or IOException or UnauthorizedAccessException)
            {
                var message = $"record {record.Seq} ({record.Kind}) was not stored: {e.Message}";
                state.Problems.Add(message);
                logger?.LogError("Spool {Spool}: {Error}", spool.Directory, message);
            }

            state.Cursor = state.Cursor with { Acknowledged = record.Seq, InFlight = 0 };
            spool.WriteCursor(state.Cursor);
            state.Delivered++;
        }

        return null;
    }

    /// <summary>
    /// Ends the run of a spool that has no end record as FAILED: we hold the lock, so the run that wrote it is gone
    /// without ending, like a crashed local run. False when the server did not take it.
    /// </summary>
    private static bool TryEndAsFailed(ReplayState state, MlflowRestClient client, CancellationToken cancellation)
    {
        try
        {
            client.LogBatchAsync(state.Cursor.RunId!, null, null, [new MlflowKeyValue("simlap.error", "the run stopped without ending; its spool was replayed by simlap sync")], cancellation)
                .GetAwaiter().GetResult();
            client.UpdateRunAsync(state.Cursor.RunId!, "FAILED", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), null, cancellation).GetAwaiter().GetResult();
            return true;
        }
        catch (MlflowApiException e)
        {
            state.Problems.Add(e.Message);
            return false;
        }
    }

    private static SpoolCursor Deliver(MlflowRestClient client, SpoolHeader header, SpoolCursor cursor, SpoolRecord record, RunSpool spool, CancellationToken cancellation)
    {
        switch (record.Kind)
        {
            case SpoolRecord.CreateRunKind:
                if (cursor.RunId is not null)
                {
                    return cursor;
                }

                var experimentId = client.GetOrCreateExperimentAsync(header.ExperimentName, cancellation, MlflowRestClient.NewExperimentTags).GetAwaiter().GetResult();
                var existing = client.SearchRunsAsync(
                        [experimentId], $"tags.`{SpoolIdTag}` = '{header.SpoolId}'", null, 1, null, "ALL", cancellation)
                    .GetAwaiter().GetResult().Items.FirstOrDefault();
                var run = existing ?? client.CreateRunAsync(
                        experimentId,
                        header.RunName,
                        record.StartTime ?? header.CreatedAt,
                        [.. record.Tags ?? [], new MlflowKeyValue(SpoolIdTag, header.SpoolId)],
                        record.UserId,
                        cancellation)
                    .GetAwaiter().GetResult();
                return cursor with { RunId = run.Info.RunId, ExperimentId = run.Info.ExperimentId, ArtifactUri = run.Info.ArtifactUri };
            case SpoolRecord.BatchKind:
                client.LogBatchAsync(RunId(cursor), record.Metrics, record.Params, record.Tags, cancellation).GetAwaiter().GetResult();
                return cursor;
            case SpoolRecord.InputsKind:
                client.LogInputsAsync(RunId(cursor), record.Datasets ?? [], cancellation).GetAwaiter().GetResult();
                return cursor;
            case SpoolRecord.ArtifactKind:
                if (cursor.ArtifactUri is null)
                {
                    cursor = cursor with { ArtifactUri = client.GetRunAsync(RunId(cursor), cancellation).GetAwaiter().GetResult().Info.ArtifactUri };
                }

                var file = Path.Combine(spool.Directory, record.ArtifactFile ?? string.Empty);
                client.UploadArtifactAsync(cursor.ArtifactUri!, record.ArtifactPath ?? Path.GetFileName(file), file, cancellation).GetAwaiter().GetResult();
                return cursor;
            case SpoolRecord.EndKind:
                client.UpdateRunAsync(RunId(cursor), record.Status, record.EndTime, null, cancellation).GetAwaiter().GetResult();
                return cursor;
            default:
                throw new IOException($"unknown record kind '{record.Kind}'");
        }
    }

    /// <summary>The batch without the metric points the server already stores (same key, step, timestamp and value).</summary>
    private static SpoolRecord WithoutStoredPoints(MlflowRestClient client, SpoolCursor cursor, SpoolRecord record, CancellationToken cancellation)
    {
        if (record.Kind != SpoolRecord.BatchKind || record.Metrics is not { Count: > 0 } metrics || cursor.RunId is null)
        {
            // Params (same value) and tags are idempotent; so are create (found by its tag), end and artifact uploads.
            return record;
        }

        var stored = new HashSet<(string, long, long, long)>();
        foreach (var key in metrics.Select(m => m.Key).Distinct(StringComparer.Ordinal))
        {
            foreach (var point in client.GetMetricHistoryAsync(cursor.RunId, key, cancellation: cancellation).GetAwaiter().GetResult())
            {
                stored.Add((point.Key, point.Step, point.Timestamp, BitConverter.DoubleToInt64Bits(point.Value)));
            }
        }

        var missing = metrics.Where(m => !stored.Contains((m.Key, m.Step, m.Timestamp, BitConverter.DoubleToInt64Bits(m.Value)))).ToList();
        return record with { Metrics = missing.Count == 0 ? null : missing };
    }

    private static string RunId(SpoolCursor cursor) => cursor.RunId ?? throw new IOException("the run was never created on the server");

    /// <summary>Where a replay is: the spool, its cursor, the records delivered so far and the problems met.</summary>
    private sealed class ReplayState(RunSpool spool, SpoolCursor cursor)
    {
        public RunSpool Spool { get; } = spool;

        public SpoolCursor Cursor { get; set; } = cursor;

        public int Delivered { get; set; }

        public List<string> Problems { get; } = [];

        /// <summary>The result of a replay that is not done, with <paramref name="remaining"/> records left.</summary>
        public SpoolReplayResult Result(int remaining) =>
            new(Spool.Directory, Spool.Header.RunName, Cursor.RunId, Delivered, remaining, false, Problems);
    }
}
