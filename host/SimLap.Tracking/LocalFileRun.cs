using System.Globalization;
using Microsoft.Extensions.Logging;

namespace SimLap.Tracking;

/// <summary>
/// A run in a <see cref="LocalFileStore"/>: a <see cref="QueuedRun"/> whose writer is the run's folder
/// (<see cref="LocalRunSink"/>: metric points of a key are batched into one append). Errors of the background writer
/// are kept and thrown (as <see cref="TrackingStoreException"/>, with the path) by the next <see cref="QueuedRun.Flush"/>
/// or <see cref="QueuedRun.End"/>.
/// </summary>
public sealed class LocalFileRun : QueuedRun, ILoggedModelRun
{
    /// <summary>The tag MLflow keeps the run name in.</summary>
    public const string RunNameTag = "mlflow.runName";

    private readonly LocalRunSink sink;
    private LocalLoggedModelStore? models;

    private LocalFileRun(string runDirectory, string experimentId, string runId, string runName, long startTime, ILogger? logger)
        : base(runId, "stored", capacity: null, logger)
    {
        RunDirectory = runDirectory;
        ExperimentId = experimentId;
        RunName = runName;
        sink = new LocalRunSink(runDirectory, experimentId, runId, runName, startTime, logger);
    }

    /// <inheritdoc />
    public override string ExperimentId { get; }

    /// <summary>The run's name (<c>run_name</c> in meta.yaml and the <c>mlflow.runName</c> tag).</summary>
    public string RunName { get; }

    /// <summary>The run's folder: <c>&lt;root&gt;/&lt;experiment_id&gt;/&lt;run_id&gt;</c>.</summary>
    public string RunDirectory { get; }

    /// <inheritdoc />
    public override string Location => RunDirectory;

    /// <summary>The run's artifacts folder.</summary>
    public string ArtifactsDirectory => sink.ArtifactsDirectory;

    /// <summary>The status recorded by <see cref="QueuedRun.End"/>, or null while the run is in progress.</summary>
    public RunStatus? FinalStatus => sink.FinalStatus;

    /// <inheritdoc />
    private protected override IRunSink Sink => sink;

    /// <inheritdoc />
    public ILoggedModelStore LoggedModels => models ??= new LocalLoggedModelStore(RunDirectory, ExperimentId, RunId);

    /// <summary>Formats a metric value so Python's <c>float()</c> reads it back exactly (<c>nan</c>, <c>inf</c>, <c>-inf</c>).</summary>
    public static string FormatMetricValue(double value) =>
        double.IsNaN(value) ? "nan"
        : double.IsPositiveInfinity(value) ? "inf"
        : double.IsNegativeInfinity(value) ? "-inf"
        : value.ToString("R", CultureInfo.InvariantCulture);

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
            run.sink.WriteNewRun(run.StartTags(tags));
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

        run.StartWriter();
        return run;
    }

    /// <summary>Reopens an existing run folder: status back to RUNNING, end time cleared, writer started.</summary>
    internal static LocalFileRun Reopen(string runDirectory, ILogger? logger)
    {
        var metaPath = Path.Combine(runDirectory, LocalFileStore.MetaFileName);
        var meta = MlflowYaml.ReadMapping(metaPath);
        var startTime = long.TryParse(meta.GetValueOrDefault("start_time"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var start) ? start : LocalFileStore.NowMillis();
        var run = new LocalFileRun(runDirectory, meta.GetValueOrDefault("experiment_id") ?? "0", Path.GetFileName(runDirectory), meta.GetValueOrDefault("run_name") ?? "", startTime, logger);
        run.sink.WriteRunningMeta();
        run.StartWriter();
        return run;
    }

    /// <inheritdoc />
    private protected override string CleanParam(string key, string value) => SecretRedaction.Redact(value);

    /// <inheritdoc />
    private protected override string CleanTag(string key, string? value) => SecretRedaction.Redact(value ?? string.Empty);

    /// <inheritdoc />
    /// <remarks>A torn last line (a write cut by a kill or a full disk) is cut off the metric file first.</remarks>
    private protected override IReadOnlyDictionary<string, long> ReadLoggedSteps() => sink.ReadLoggedSteps();

    /// <inheritdoc />
    private protected override LinkedMetric? ReadStoredPoint(string key, long step) => sink.ReadStoredPoint(key, step);

    /// <summary>The tags a new run starts with: MLflow's system tags, then <paramref name="tags"/> (sanitised, masked).</summary>
    private Dictionary<string, string> StartTags(IReadOnlyDictionary<string, string> tags)
    {
        var allTags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [RunNameTag] = RunName,
            ["mlflow.user"] = RunSource.UserName(),
            ["mlflow.source.type"] = "LOCAL",
            ["mlflow.source.name"] = RunSource.SourceName(),
        };
        foreach (var (key, value) in tags)
        {
            var storedKey = Key(key);
            if (storedKey == RunNameTag && value != RunName)
            {
                WarningLog.Add($"Tag '{RunNameTag}' = '{value}' was ignored: the run is named '{RunName}'.");
                continue;
            }

            allTags[storedKey] = SecretRedaction.Redact(value);
        }

        return allTags;
    }
}
