using Microsoft.Extensions.Logging;
using SimLap.Engine.Compare;
using SimLap.Engine.Configuration;
using SimLap.Tracking;
using SimLap.Tracking.Rest;

namespace SimLap.Engine.Orchestration.Sweeps;

/// <summary>Opens the <see cref="ISweepStore"/> of a tracking backend or URI, and reads a sweep's trials from it.</summary>
public static class SweepStores
{
    /// <summary>The sweep store over <paramref name="backend"/>, or null for a backend that is neither local nor a server.</summary>
    public static ISweepStore? For(ITrackingBackend backend, ILogger? logger = null) => backend switch
    {
        IServerBackend server => new RestSweepStore(server.Client),
        IResumableBackend { LocalRoot: not null } local => new LocalSweepStore(local, logger),
        _ => null,
    };

    /// <summary>The sweep store at <paramref name="trackingUri"/> (a server, or a local folder; null means ./mlruns).</summary>
    /// <param name="trackingUri">The URI.</param>
    /// <param name="logger">Receives warnings.</param>
    /// <param name="mustExist">Refuse a local folder that does not exist rather than create it.</param>
    /// <exception cref="ConfigurationException">The URI cannot be used, or the local store does not exist.</exception>
    public static ISweepStore Open(string? trackingUri, ILogger? logger, bool mustExist)
    {
        if (TrackingSelection.IsServerUri(trackingUri))
        {
            return new RestSweepStore(new MlflowRestClient(TrackingSelection.ServerOptions(trackingUri!), logger));
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

        if (mustExist && !Directory.Exists(root))
        {
            throw new ConfigurationException($"there is no tracking store at '{root}' (pass --tracking-uri, or run this where the sweep was submitted).");
        }

        return new LocalSweepStore(new LocalFileStore(root, logger), logger);
    }

    /// <summary>The trial index a run records, or null.</summary>
    public static int? TrialIndex(RunRecord run) =>
        run.Tags.TryGetValue(SweepTags.Trial, out var text) && int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var index) ? index : null;

    /// <summary>The newest run of each trial among <paramref name="children"/> (a retried trial may have several).</summary>
    public static IReadOnlyDictionary<int, RunRecord> NewestPerTrial(IEnumerable<RunRecord> children) =>
        children.Select(c => (Index: TrialIndex(c), Run: c))
            .Where(c => c.Index is not null)
            .GroupBy(c => c.Index!.Value)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(c => c.Run.StartTime ?? 0).ThenBy(c => c.Run.RunId, StringComparer.Ordinal).First().Run);

    /// <summary>The number of trials a parent records, or null.</summary>
    public static int? TrialCount(RunRecord parent) =>
        parent.Tags.TryGetValue(SweepTags.Trials, out var text) && int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var count) ? count : null;
}
