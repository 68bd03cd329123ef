using Microsoft.Extensions.Logging;
using SimLap.Engine.Configuration;

namespace SimLap.Engine.Tracking;

/// <summary>Chooses the tracking store: <c>--tracking-uri</c>, else YAML <c>tracking.uri</c>, else MLFLOW_TRACKING_URI, else ./mlruns.</summary>
public static class TrackingSelection
{
    /// <summary>The environment variable MLflow clients read.</summary>
    public const string TrackingUriVariable = "MLFLOW_TRACKING_URI";

    /// <summary>The tracking URI that applies.</summary>
    public static string? Uri(string? commandLine, string? fromYaml)
    {
        if (!string.IsNullOrWhiteSpace(commandLine))
        {
            return commandLine;
        }

        if (!string.IsNullOrWhiteSpace(fromYaml))
        {
            return fromYaml;
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(TrackingUriVariable);
        return string.IsNullOrWhiteSpace(fromEnvironment) ? null : fromEnvironment;
    }

    /// <summary>The backend for <paramref name="uri"/>, or a configuration error for a scheme this build cannot use.</summary>
    public static ITrackingBackend Backend(string? uri, ILogger logger)
    {
        if (uri is not null && (uri.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("https://", StringComparison.OrdinalIgnoreCase)))
        {
            throw new ConfigurationException($"tracking URI '{uri}': this version of simlap logs to a local MLflow store only (a folder or file: URI); the REST client for a tracking server is not available yet. Unset {TrackingUriVariable} or pass --tracking-uri ./mlruns.");
        }

        try
        {
            return LocalFileStore.FromTrackingUri(uri, logger);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"tracking URI '{uri}' cannot be used: {e.Message}");
        }
    }
}
