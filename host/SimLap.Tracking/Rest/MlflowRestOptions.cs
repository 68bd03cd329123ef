using System.Globalization;
using System.Text;

namespace SimLap.Tracking.Rest;

/// <summary>
/// How to reach an MLflow tracking server: the base URI, credentials (<c>MLFLOW_TRACKING_TOKEN</c> as a Bearer
/// token, or <c>MLFLOW_TRACKING_USERNAME</c>/<c>MLFLOW_TRACKING_PASSWORD</c> as Basic auth), TLS, time-outs, retries,
/// the batching interval and the spool folder. <see cref="ToString"/> and <see cref="DisplayUri"/> never show a secret; <see cref="Redact"/>
/// removes secrets from any text.
/// </summary>
public sealed class MlflowRestOptions
{
    /// <summary>Bearer token variable.</summary>
    public const string TokenVariable = "MLFLOW_TRACKING_TOKEN";

    /// <summary>Basic auth user variable.</summary>
    public const string UsernameVariable = "MLFLOW_TRACKING_USERNAME";

    /// <summary>Basic auth password variable.</summary>
    public const string PasswordVariable = "MLFLOW_TRACKING_PASSWORD";

    /// <summary>Set to <c>true</c> to skip TLS certificate validation (self-signed servers).</summary>
    public const string InsecureTlsVariable = "MLFLOW_TRACKING_INSECURE_TLS";

    /// <summary>Overrides the spool folder (default <c>./.simlap-spool</c> in the current directory).</summary>
    public const string SpoolDirectoryVariable = "SIMLAP_SPOOL_DIR";

    /// <summary>Overrides the number of attempts per request (default 5).</summary>
    public const string MaxAttemptsVariable = "SIMLAP_TRACKING_MAX_ATTEMPTS";

    /// <summary>Overrides the first back-off delay in milliseconds (default 500).</summary>
    public const string BackoffVariable = "SIMLAP_TRACKING_BACKOFF_MS";

    /// <summary>Overrides <see cref="BatchInterval"/> in milliseconds (default 1000; 0 sends as soon as records arrive).</summary>
    public const string BatchIntervalVariable = "SIMLAP_TRACKING_BATCH_MS";

    /// <summary>The spool folder's name under the current directory.</summary>
    public const string DefaultSpoolFolderName = ".simlap-spool";

    private const string Mask = SecretRedaction.Mask;

    private static readonly TimeSpan DefaultBatchInterval = TimeSpan.FromSeconds(1);

    /// <summary>Creates options for <paramref name="trackingUri"/> (credentials in the URI's user-info are moved to Basic auth).</summary>
    /// <exception cref="ArgumentException">Not an absolute http(s) URI.</exception>
    public MlflowRestOptions(string trackingUri)
    {
        if (!Uri.TryCreate(trackingUri?.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0)
        {
            throw new ArgumentException("not an absolute http:// or https:// URL with a host", nameof(trackingUri));
        }

        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            Username = Uri.UnescapeDataString(parts[0]);
            Password = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : null;
            SecretRedaction.Register(Password);
            SecretRedaction.Register(parts.Length > 1 ? parts[1] : null);
        }

        var builder = new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty, Query = string.Empty, Fragment = string.Empty };
        if (!builder.Path.EndsWith('/'))
        {
            builder.Path += "/";
        }

        BaseUri = builder.Uri;
    }

    /// <summary>The server's base URI without user-info, ending with <c>/</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>The base URI for messages (no credentials, no trailing slash).</summary>
    public string DisplayUri => BaseUri.AbsoluteUri.TrimEnd('/');

    /// <summary>A Bearer token (wins over Basic auth).</summary>
    public string? Token { get; init; }

    /// <summary>The Basic auth user.</summary>
    public string? Username { get; init; }

    /// <summary>The Basic auth password.</summary>
    public string? Password { get; init; }

    /// <summary>Skip TLS certificate validation.</summary>
    public bool InsecureTls { get; init; }

    /// <summary>The time-out of one request.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of transient failures.</summary>
    public MlflowRetryPolicy Retry { get; init; } = MlflowRetryPolicy.Default;

    /// <summary>Where runs that cannot reach the server are spooled (one sub-folder per run).</summary>
    public string SpoolDirectory { get; init; } = DefaultSpoolDirectory(null);

    /// <summary>How many records a run buffers before a logging call waits for the background writer.</summary>
    public int QueueCapacity { get; init; } = 10_000;

    /// <summary>
    /// How long a run collects records before sending them as one log-batch request (a full batch goes at once;
    /// flush, end and artifacts never wait). Zero sends whatever has arrived each time the writer wakes.
    /// </summary>
    public TimeSpan BatchInterval { get; init; } = DefaultBatchInterval;

    /// <summary>
    /// While the server is unreachable, how often a run probes it (<c>SIMLAP_TRACKING_PROBE_MS</c>, default 15 s);
    /// when it answers, the run replays its spool in order and logs live again.
    /// </summary>
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromMilliseconds(
        int.TryParse(Environment.GetEnvironmentVariable("SIMLAP_TRACKING_PROBE_MS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms >= 0 ? ms : 15_000);

    /// <summary>The secrets to keep out of messages.</summary>
    public IReadOnlyList<string> Secrets =>
        new[] { Token, Password, AuthorizationParameter() }.Where(s => !string.IsNullOrEmpty(s) && s.Length >= 3).Select(s => s!).ToArray();

    /// <summary>Reads credentials, TLS, retry, batching and spool settings from the environment (or <paramref name="environment"/>).</summary>
    /// <param name="trackingUri">The server's URI.</param>
    /// <param name="environment">Looks up a variable; <see cref="Environment.GetEnvironmentVariable(string)"/> by default.</param>
    public static MlflowRestOptions FromEnvironment(string trackingUri, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var fromUri = new MlflowRestOptions(trackingUri);
        var token = NullIfEmpty(environment(TokenVariable));
        var user = NullIfEmpty(environment(UsernameVariable)) ?? fromUri.Username;
        var password = NullIfEmpty(environment(PasswordVariable)) ?? fromUri.Password;
        var retry = MlflowRetryPolicy.Default;
        if (int.TryParse(environment(MaxAttemptsVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var attempts) && attempts >= 1)
        {
            retry = retry with { MaxAttempts = attempts };
        }

        if (int.TryParse(environment(BackoffVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var backoff) && backoff >= 0)
        {
            retry = retry with { InitialDelay = TimeSpan.FromMilliseconds(backoff), MaxDelay = TimeSpan.FromMilliseconds(Math.Max(backoff * 16, 1)) };
        }

        var batchInterval = DefaultBatchInterval;
        if (int.TryParse(environment(BatchIntervalVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var batchMs) && batchMs >= 0)
        {
            batchInterval = TimeSpan.FromMilliseconds(batchMs);
        }

        // Whatever else prints them (a log line, an error) masks them too.
        SecretRedaction.Register(token);
        SecretRedaction.Register(password);
        return new MlflowRestOptions(trackingUri)
        {
            Token = token,
            Username = user,
            Password = password,
            InsecureTls = IsTrue(environment(InsecureTlsVariable)),
            Retry = retry,
            BatchInterval = batchInterval,
            SpoolDirectory = DefaultSpoolDirectory(environment),
        };
    }

    /// <summary><c>SIMLAP_SPOOL_DIR</c> if set, else <c>./.simlap-spool</c> under the current directory.</summary>
    public static string DefaultSpoolDirectory(Func<string, string?>? environment)
    {
        var configured = NullIfEmpty((environment ?? Environment.GetEnvironmentVariable)(SpoolDirectoryVariable));
        return Path.GetFullPath(configured ?? DefaultSpoolFolderName);
    }

    /// <summary>The Authorization header value (<c>Bearer ...</c> or <c>Basic ...</c>), or null without credentials.</summary>
    public (string Scheme, string Parameter)? Authorization()
    {
        if (Token is not null)
        {
            return ("Bearer", Token);
        }

        return AuthorizationParameter() is { } basic ? ("Basic", basic) : null;
    }

    /// <summary>Replaces every secret in <paramref name="text"/> with <c>***</c>: these options' and any other credential <see cref="SecretRedaction"/> knows.</summary>
    public string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        foreach (var secret in Secrets)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return SecretRedaction.Redact(text);
    }

    /// <summary>The server and the kind of credentials, never the credentials themselves.</summary>
    public override string ToString() =>
        $"{DisplayUri} ({(Token is not null ? "token auth" : Username is not null ? "basic auth" : "no auth")}{(InsecureTls ? ", TLS not verified" : string.Empty)})";

    private string? AuthorizationParameter() =>
        Username is null ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password ?? string.Empty}"));

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static bool IsTrue(string? value) =>
        value is not null && (value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase) || value.Trim() == "1" || value.Trim().Equals("yes", StringComparison.OrdinalIgnoreCase));
}
