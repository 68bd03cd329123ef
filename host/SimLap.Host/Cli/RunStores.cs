using Microsoft.Extensions.Logging;
using SimLap.Engine.Configuration;
using SimLap.Tracking;

namespace SimLap.Host.Cli;

/// <summary>Opens the existing store the <c>runs</c> verbs read (never creating an empty one where none was).</summary>
internal static class RunStores
{
    /// <summary>The store <paramref name="trackingUri"/> (else $MLFLOW_TRACKING_URI, else ./mlruns) names.</summary>
    /// <exception cref="ConfigurationException">There is no store there, or it cannot list and read runs.</exception>
    public static IResumableBackend Open(string? trackingUri, ILogger logger)
    {
        var uri = TrackingSelection.Uri(trackingUri, null);
        if (!TrackingSelection.IsServerUri(uri) && LocalFileStore.ResolveRootDirectoryOrNull(uri) is { } root && !Directory.Exists(root))
        {
            throw new ConfigurationException($"there is no tracking store at '{root}' (pass --tracking-uri, or run this where the runs were logged).");
        }

        return TrackingSelection.Backend(uri, logger) as IResumableBackend
            ?? throw new ConfigurationException($"tracking URI '{uri}': this store cannot list runs.");
    }
}
