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
        var cursor = spool.ReadCursor();
        var problems = new List<string>();
        var delivered = 0;
        var pending = records.Where(r => r.Seq > cursor.Acknowledged).ToList();
        foreach (var record in pending)
        {
            cancellation.ThrowIfCancellationRequested();
            var toSend = record;
            if (cursor.InFlight == record.Seq || record.MaybeDelivered == true)
            {
                try
                {
                    toSend = WithoutStoredPoints(client, cursor, record, cancellation);
                }
                catch (MlflowApiException e)
                {
                    // Cannot tell what the server has: sending could store points twice, so the record waits.
                    problems.Add(e.Message);
                    return new SpoolReplayResult(spool.Directory, header.RunName, cursor.RunId, delivered, pending.Count - delivered, false, problems);
                }
            }

            cursor = cursor with { InFlight = record.Seq };
            spool.WriteCursor(cursor);
            try
            {
                cursor = Deliver(client, header, cursor, toSend, spool, cancellation);
            }
            catch (MlflowApiException e) when (e.IsTransient || live || record.Kind == SpoolRecord.CreateRunKind)
            {
                problems.Add(e.Message);
                logger?.LogWarning("Spool {Spool}: {Error}; {Remaining} records left for the next sync", spool.Directory, e.Message, pending.Count - delivered);
                return new SpoolReplayResult(spool.Directory, header.RunName, cursor.RunId, delivered, pending.Count - delivered, false, problems);
            }
            catch (Exception e) when (e is MlflowApiException or NotSupportedException or IOException or UnauthorizedAccessException)
            {
                var message = $"record {record.Seq} ({record.Kind}) was not stored: {e.Message}";
                problems.Add(message);
                logger?.LogError("Spool {Spool}: {Error}", spool.Directory, message);
            }

            cursor = cursor with { Acknowledged = record.Seq, InFlight = 0 };
            spool.WriteCursor(cursor);
            delivered++;
        }

        if (live)
        {
            return new SpoolReplayResult(spool.Directory, header.RunName, cursor.RunId, delivered, 0, false, problems);
        }

        if (cursor.RunId is null)
        {
            return new SpoolReplayResult(spool.Directory, header.RunName, null, delivered, 0, false, [.. problems, "the spool has no run to deliver to"]);
        }

        if (!records.Any(r => r.Kind == SpoolRecord.EndKind))
        {
            // We hold the lock, so the run that wrote this spool is gone without ending: like a crashed local run, FAILED.
            try
            {
                client.LogBatchAsync(cursor.RunId, null, null, [new MlflowKeyValue("simlap.error", "the run stopped without ending; its spool was replayed by simlap sync")], cancellation)
                    .GetAwaiter().GetResult();
                client.UpdateRunAsync(cursor.RunId, "FAILED", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), null, cancellation).GetAwaiter().GetResult();
            }
            catch (MlflowApiException e)
            {
                problems.Add(e.Message);
                return new SpoolReplayResult(spool.Directory, header.RunName, cursor.RunId, delivered, 1, false, problems);
            }
        }

        spool.MarkDone(cursor.RunId);
        return new SpoolReplayResult(spool.Directory, header.RunName, cursor.RunId, delivered, 0, true, problems);
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
}
