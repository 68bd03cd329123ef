using System.Globalization;
using Microsoft.Extensions.Logging;
using SimLap.Engine.Configuration;
using SimLap.Tracking;
using SimLap.Tracking.Rest;

namespace SimLap.Engine.Compare;

/// <summary>Reads an experiment's runs (params, latest metrics, tags) from a local <c>mlruns</c> store or an MLflow server.</summary>
public static class RunQuery
{
    /// <summary>Loads the runs of <paramref name="experimentName"/> from the store <paramref name="trackingUri"/> names.</summary>
    /// <param name="trackingUri">A folder, <c>file:</c> URI or http(s) server; null means ./mlruns.</param>
    /// <param name="experimentName">The experiment.</param>
    /// <param name="logger">Receives warnings; optional.</param>
    /// <param name="serverFilter">An MLflow search filter, for a server only.</param>
    /// <param name="cancellation">Cancels server calls.</param>
    /// <exception cref="ConfigurationException">The store or the experiment does not exist, or the server refused the query.</exception>
    public static IReadOnlyList<RunRecord> Load(
        string? trackingUri, string experimentName, ILogger? logger = null, string? serverFilter = null, CancellationToken cancellation = default)
    {
        if (TrackingSelection.IsServerUri(trackingUri))
        {
            using var client = new MlflowRestClient(TrackingSelection.ServerOptions(trackingUri!), logger);
            try
            {
                return LoadFromServerAsync(client, experimentName, serverFilter, cancellation).GetAwaiter().GetResult();
            }
            catch (MlflowApiException e)
            {
                throw new ConfigurationException($"cannot read the experiment '{experimentName}' from {client.Options.DisplayUri}: {e.Message}");
            }
        }

        if (serverFilter is not null)
        {
            throw new ConfigurationException("--filter needs an MLflow tracking server (an http(s) tracking URI); a local store is compared without it.");
        }

        string root;
        try
        {
            root = LocalFileStore.ResolveRootDirectory(trackingUri);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw new ConfigurationException($"tracking URI '{trackingUri}' cannot be used: {e.Message}");
        }

        if (!Directory.Exists(root))
        {
            throw new ConfigurationException($"there is no tracking store at '{root}' (pass --tracking-uri, or run this where the runs were logged).");
        }

        return LoadFromLocalStore(root, experimentName, logger);
    }

    /// <summary>The runs nested under the sweep parent <paramref name="parent"/> (tag <c>mlflow.parentRunId</c>).</summary>
    /// <exception cref="ConfigurationException">No run is nested under it.</exception>
    public static IReadOnlyList<RunRecord> NestedUnder(IReadOnlyList<RunRecord> runs, string parent, string experimentName)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var children = runs.Where(r => r.Tags.GetValueOrDefault(MlflowKeys.ParentRunIdTag) == parent).ToList();
        return children.Count > 0
            ? children
            : throw new ConfigurationException($"--parent {parent}: the experiment '{experimentName}' has no runs nested under that run (tag {MlflowKeys.ParentRunIdTag}).");
    }

    /// <summary>Loads the runs of an experiment from a local store (deleted runs are left out).</summary>
    /// <exception cref="ConfigurationException">The experiment does not exist.</exception>
    public static IReadOnlyList<RunRecord> LoadFromLocalStore(string rootDirectory, string experimentName, ILogger? logger = null)
    {
        var store = new LocalFileStore(rootDirectory, logger);
        var experimentId = store.FindExperimentId(experimentName)
            ?? throw new ConfigurationException($"there is no experiment '{experimentName}' in the tracking store '{store.RootDirectory}'.");
        var runs = new List<RunRecord>();
        foreach (var folder in Directory.EnumerateDirectories(Path.Combine(store.RootDirectory, experimentId)).Order(StringComparer.Ordinal))
        {
            var metaPath = Path.Combine(folder, LocalFileStore.MetaFileName);
            if (Path.GetFileName(folder).StartsWith('.') || !File.Exists(metaPath))
            {
                continue;
            }

            try
            {
                var meta = MlflowYaml.ReadMapping(metaPath);
                if (meta.GetValueOrDefault("lifecycle_stage") is { } stage && stage != "active")
                {
                    continue;
                }

                var tags = ReadValues(Path.Combine(folder, "tags"));
                var status = int.TryParse(meta.GetValueOrDefault("status"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var code) && Enum.IsDefined((RunStatus)code)
                    ? RestRun.StatusName((RunStatus)code)
                    : meta.GetValueOrDefault("status") ?? "UNKNOWN";
                var runId = meta.GetValueOrDefault("run_id") ?? Path.GetFileName(folder);
                runs.Add(new RunRecord(
                    runId,
                    meta.GetValueOrDefault("run_name") ?? tags.GetValueOrDefault(LocalFileRun.RunNameTag) ?? runId,
                    status,
                    long.TryParse(meta.GetValueOrDefault("start_time"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var start) ? start : null,
                    ReadValues(Path.Combine(folder, "params")),
                    ReadLatestMetrics(Path.Combine(folder, "metrics")),
                    tags));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException or FormatException)
            {
                logger?.LogWarning("Skipping the unreadable run folder '{Folder}': {Error}", folder, e.Message);
            }
        }

        return runs;
    }

    /// <summary>Loads the runs of an experiment from a server with runs/search, following the page tokens.</summary>
    /// <exception cref="ConfigurationException">The experiment does not exist.</exception>
    public static async Task<IReadOnlyList<RunRecord>> LoadFromServerAsync(
        MlflowRestClient client, string experimentName, string? filter = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var experiment = await client.GetExperimentByNameAsync(experimentName, cancellation).ConfigureAwait(false)
            ?? throw new ConfigurationException($"there is no experiment '{experimentName}' on {client.Options.DisplayUri}.");
        var runs = await client.SearchAllRunsAsync([experiment.ExperimentId], filter, null, null, MlflowRestClient.SearchPageSize, cancellation).ConfigureAwait(false);
        return runs.Select(r => new RunRecord(
                r.Info.RunId,
                r.Info.RunName ?? r.Info.RunId,
                r.Info.Status,
                r.Info.StartTime,
                ToDictionary(r.Data.Params),
                r.Data.Metrics.GroupBy(m => m.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => Latest(g).Value, StringComparer.Ordinal),
                ToDictionary(r.Data.Tags)))
            .ToList();
    }

    private static Dictionary<string, string> ToDictionary(IReadOnlyList<MlflowKeyValue> items)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            result[item.Key] = item.Value;
        }

        return result;
    }

    private static MlflowMetric Latest(IEnumerable<MlflowMetric> points) =>
        points.OrderByDescending(p => p.Step).ThenByDescending(p => p.Timestamp).First();

    /// <summary>Reads a params or tags folder: each file (keys with '/' are sub-folders) holds one value.</summary>
    private static Dictionary<string, string> ReadValues(string folder) =>
        VisibleFiles(folder).ToDictionary(f => f.Key, f => File.ReadAllText(f.File), StringComparer.Ordinal);

    /// <summary>Reads each metric file's latest point (<c>&lt;timestamp&gt; &lt;value&gt; &lt;step&gt;</c> lines): highest step, then latest timestamp.</summary>
    private static Dictionary<string, double> ReadLatestMetrics(string folder)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, file) in VisibleFiles(folder))
        {
            if (LatestValue(file) is { } value)
            {
                result[key] = value;
            }
        }

        return result;
    }

    /// <summary>The files below <paramref name="folder"/> (none when it does not exist; hidden files skipped), each with its key: the path relative to the folder, '/'-separated.</summary>
    private static IEnumerable<(string Key, string File)> VisibleFiles(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Where(file => !Path.GetFileName(file).StartsWith('.'))
                .Select(file => (Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/'), file))
            : [];

    /// <summary>The value of a metric file's latest point (highest step, then latest timestamp); null when it has none.</summary>
    private static double? LatestValue(string file)
    {
        (long Step, long Timestamp, double Value)? latest = null;
        foreach (var line in File.ReadLines(file))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2
                || !long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var timestamp)
                || !TryParseValue(parts[1], out var value))
            {
                continue;
            }

            var step = parts.Length > 2 && long.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : 0;
            if (latest is null || step > latest.Value.Step || (step == latest.Value.Step && timestamp >= latest.Value.Timestamp))
            {
                latest = (step, timestamp, value);
            }
        }

        return latest?.Value;
    }

    private static bool TryParseValue(string text, out double value)
    {
        switch (text.ToLowerInvariant())
        {
            case "nan":
                value = double.NaN;
                return true;
            case "inf":
            case "infinity":
                value = double.PositiveInfinity;
                return true;
            case "-inf":
            case "-infinity":
                value = double.NegativeInfinity;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }
}
