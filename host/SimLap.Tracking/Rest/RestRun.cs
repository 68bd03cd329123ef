using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SimLap.Tracking.Rest;

/// <summary>
/// A run on an MLflow tracking server: a <see cref="QueuedRun"/> with a bounded queue (a logging call waits only when
/// <see cref="MlflowRestOptions.QueueCapacity"/> records are waiting) whose writer (<see cref="RestRunSink"/>) collects
/// records for up to <see cref="MlflowRestOptions.BatchInterval"/> into log-batch requests, uploads artifacts through
/// the proxy and finally sets the status. <see cref="QueuedRun.Flush"/> blocks until everything logged so far was
/// delivered (or spooled); it, <see cref="QueuedRun.End"/> and artifacts do not wait for the interval.
/// <para>
/// Nothing is lost: when the server stays unreachable after the retries, the run switches to its durable spool
/// (<see cref="RunSpool"/>) and goes on; every later record is spooled, in order, and <c>simlap sync</c> delivers
/// them. Requests the server rejects (4xx) are not retried; each kind of rejection is logged once with the server's
/// message and kept in <see cref="Errors"/>. Keys are sanitised, param values longer than 6000 characters and tag
/// values longer than 8000 are truncated (as the server would) with a warning, and credentials are masked in values.
/// </para>
/// </summary>
/// <remarks>The run id is the server's; for a run started while the server was unreachable, the spool's id until <c>simlap sync</c> creates it.</remarks>
public sealed class RestRun : QueuedRun, ILoggedModelRun
{
    private readonly MlflowRestClient client;
    private readonly RestRunSink sink;
    private readonly ConcurrentDictionary<string, byte> truncated = new(StringComparer.Ordinal);
    private RestLoggedModelStore? models;

    private RestRun(MlflowRestClient client, SpoolHeader header, string runId, string experimentId, string? artifactUri, RunSpool? spool, ILogger? logger)
        : base(runId, "logged", Math.Max(client.Options.QueueCapacity, 16), logger)
    {
        this.client = client;
        ExperimentId = experimentId;
        RunName = header.RunName;
        sink = new RestRunSink(client, header, runId, artifactUri, spool, WarningLog, logger);
        StartWriter();
    }

    /// <inheritdoc />
    public override string ExperimentId { get; }

    /// <summary>The run's name.</summary>
    public string RunName { get; }

    /// <summary>The run's artifact root on the server (null while it is only spooled).</summary>
    public string? ArtifactUri => sink.ArtifactUri;

    /// <inheritdoc />
    public override string Location => !sink.CanReconnect && sink.SpoolDirectory is { } spool
        ? spool
        : $"{this.client.Options.DisplayUri}/#/experiments/{ExperimentId}/runs/{RunId}";

    /// <summary>The spool folder once the run had to spool, else null.</summary>
    public string? SpoolDirectory => sink.SpoolDirectory;

    /// <summary>True while records are spooled instead of delivered.</summary>
    public bool IsOffline => sink.IsOffline;

    /// <summary>Records that could be neither delivered nor spooled.</summary>
    public int LostRecords => sink.LostRecords;

    /// <summary>Records written to the spool.</summary>
    public int SpooledRecords => sink.SpooledRecords;

    /// <summary>What the server rejected (4xx), once per kind of rejection.</summary>
    public IReadOnlyList<string> Errors => sink.Errors;

    /// <inheritdoc />
    private protected override IRunSink Sink => sink;

    /// <inheritdoc />
    /// <remarks>Null while the run spools: a logged model is created on the server or not at all.</remarks>
    public ILoggedModelStore? LoggedModels => IsOffline || ArtifactUri is null ? null : models ??= new RestLoggedModelStore(this.client, RunId, ExperimentId);

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

    /// <inheritdoc />
    private protected override string CleanParam(string key, string value) =>
        Clean(key, value, MlflowRestClient.MaxParamValueLength, "Param", "the full resolved configuration is in the resolved.yaml artifact");

    /// <inheritdoc />
    private protected override string CleanTag(string key, string? value) =>
        Clean(key, value, MlflowRestClient.MaxTagValueLength, "Tag", null);

    /// <inheritdoc />
    /// <remarks>
    /// One runs/get: its latest point per metric is the one with the highest step. A server that cannot be asked
    /// leaves nothing skipped (the run logs every point, as before).
    /// </remarks>
    private protected override IReadOnlyDictionary<string, long>? ReadLoggedSteps()
    {
        try
        {
            var run = this.client.GetRunAsync(RunId).GetAwaiter().GetResult();
            return run.Data.Metrics.GroupBy(m => m.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Max(m => m.Step), StringComparer.Ordinal);
        }
        catch (MlflowApiException e)
        {
            WarningLog.Add($"Cannot read which steps the server already has ({e.Message}); replayed steps may be logged twice.");
            return null;
        }
    }

    /// <inheritdoc />
    /// <remarks>One metrics/get-history of the key; a server that cannot be asked gives null (the point is then linked as logged).</remarks>
    private protected override LinkedMetric? ReadStoredPoint(string key, long step)
    {
        try
        {
            var point = this.client.GetMetricHistoryAsync(RunId, key).GetAwaiter().GetResult().LastOrDefault(m => m.Step == step);
            return point is null ? null : new LinkedMetric(key, point.Value, step, point.Timestamp);
        }
        catch (MlflowApiException e)
        {
            WarningLog.Add($"Cannot read the stored point of '{key}' at step {step} ({e.Message}); it is linked to the model as logged now.");
            return null;
        }
    }

    private string Clean(string key, string? value, int maxLength, string kind, string? hint)
    {
        value ??= string.Empty;
        var redacted = this.client.Options.Redact(value);
        if (redacted != value)
        {
            WarningLog.Add($"{kind} '{key}' contained a tracking credential; it was masked.");
            value = redacted;
        }

        if (value.Length > maxLength)
        {
            if (this.truncated.TryAdd(kind + " " + key, 0))
            {
                WarningLog.Add($"{kind} '{key}' is {value.Length} characters long; MLflow keeps {maxLength}, so it was truncated{(hint is null ? "." : $" ({hint}).")}");
            }

            value = value[..maxLength];
        }

        return value;
    }
}
