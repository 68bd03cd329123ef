using Microsoft.Extensions.Logging;
using SimLap.Tracking;
using SimLap.Tracking.Rest;

namespace SimLap.Engine.Configuration;

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

    /// <summary>True for an <c>http://</c> or <c>https://</c> URI (an MLflow tracking server).</summary>
    public static bool IsServerUri(string? uri) =>
        uri is not null && (uri.TrimStart().StartsWith("http://", StringComparison.OrdinalIgnoreCase) || uri.TrimStart().StartsWith("https://", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The backend for <paramref name="uri"/>: the MLflow REST client (<see cref="RestTrackingBackend"/>, with
    /// credentials and settings from the MLFLOW_TRACKING_* variables) for http(s) URIs, else a local store.
    /// </summary>
    /// <exception cref="ConfigurationException">The URI cannot be used.</exception>
    public static ITrackingBackend Backend(string? uri, ILogger logger)
    {
        SecretRedaction.WarnIfCredentials(uri, "The tracking URI", logger);
        if (IsServerUri(uri))
        {
            return new RestTrackingBackend(ServerOptions(uri!), logger);
        }

        try
        {
            return LocalFileStore.FromTrackingUri(uri, logger);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or IOException or UnauthorizedAccessException)
        {
            throw Unusable(uri, e);
        }
    }

    /// <summary>Checks that <paramref name="uri"/> names a usable store without opening it (what <c>simlap validate</c> checks).</summary>
    /// <exception cref="ConfigurationException">The URI cannot be used.</exception>
    public static void Check(string? uri)
    {
        if (IsServerUri(uri))
        {
            ServerOptions(uri!);
            return;
        }

        try
        {
            LocalFileStore.ResolveRootDirectory(uri);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw Unusable(uri, e);
        }
    }

    private static ConfigurationException Unusable(string? uri, Exception e) => new($"tracking URI '{uri}' cannot be used: {e.Message}");

    /// <summary>The REST options for a server URI, from the environment.</summary>
    /// <exception cref="ConfigurationException">Not a usable http(s) URL.</exception>
    public static MlflowRestOptions ServerOptions(string uri)
    {
        try
        {
            return MlflowRestOptions.FromEnvironment(uri);
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationException(
                $"tracking URI '{uri}' cannot be used: {e.Message.Split(" (Parameter", 2)[0]}; check --tracking-uri, tracking.uri or {TrackingUriVariable}.");
        }
    }
}
