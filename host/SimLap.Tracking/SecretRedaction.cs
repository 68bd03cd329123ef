using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace SimLap.Tracking;

/// <summary>
/// Keeps credentials out of everything simlap records or prints (params, tags, the resolved.yaml artifact, logs,
/// messages): the password of a URI's user-info (<c>http://alice:s3cret@host</c> becomes <c>http://alice:***@host</c>;
/// an http(s) user-info without a password, often a token, is masked whole), the value of a query parameter whose
/// name says it is a credential (<c>?token=</c>, <c>access_token</c>, <c>password</c>, <c>secret</c>, <c>key</c>,
/// <c>api_key</c>, <c>sig</c>, <c>signature</c>, <c>credential</c>, <c>auth</c>...), and every secret registered (the
/// MLflow password and token in use).
/// </summary>
public static partial class SecretRedaction
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Mask = "***";

    private static readonly ConcurrentDictionary<string, byte> Registered = new(StringComparer.Ordinal);
    private static int warned;

    /// <summary>Masks <paramref name="secret"/> wherever it appears from now on (values under 3 characters are not masked: they would mask everything).</summary>
    public static void Register(string? secret)
    {
        if (!string.IsNullOrEmpty(secret) && secret.Length >= 3)
        {
            Registered.TryAdd(secret, 0);
        }
    }

    /// <summary><paramref name="text"/> with every credential replaced by <c>***</c>.</summary>
    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        foreach (var secret in Registered.Keys)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        text = UserInfo().Replace(text, match => match.Groups["password"].Success
            ? $"{match.Groups["scheme"].Value}{match.Groups["user"].Value}:{Mask}@"
            : match.Groups["scheme"].Value.StartsWith("http", StringComparison.OrdinalIgnoreCase) ? $"{match.Groups["scheme"].Value}{Mask}@" : match.Value);
        return QueryCredential().Replace(text, match => match.Groups["name"].Value + Mask);
    }

    /// <summary>True when <paramref name="text"/> holds a credential that <see cref="Redact"/> masks.</summary>
    public static bool HasCredentials(string? text) => Redact(text) != (text ?? string.Empty);

    /// <summary>
    /// Warns once per process when the tracking URI <paramref name="uri"/> (written at <paramref name="where"/>) carries
    /// a credential: it is masked everywhere simlap writes, but the variables keep it out of files altogether.
    /// </summary>
    public static void WarnIfCredentials(string? uri, string where, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        if (HasCredentials(uri) && Interlocked.Exchange(ref warned, 1) == 0)
        {
            logger.LogWarning(
                "{Where} carries a credential ({Uri}). simlap masks it in everything it records and prints, but it stays readable wherever the URI is written: " +
                "put it in MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD (or MLFLOW_TRACKING_TOKEN) instead and drop it from the URI.",
                where,
                Redact(uri));
        }
    }

    [GeneratedRegex(@"(?<scheme>\b[a-zA-Z][a-zA-Z0-9+.-]*://)(?<user>[^:@/?#\s'""]*)(?::(?<password>[^@/?#\s'""]*))?@")]
    private static partial Regex UserInfo();

    [GeneratedRegex(@"(?<name>[?&;](?:[\w.-]*?(?:token|password|passwd|pwd|secret|signature|sig|api[_-]?key|apikey|key|auth|credential|session)[\w.-]*)=)(?<value>[^&#\s'""()<>\[\]{},]+)", RegexOptions.IgnoreCase)]
    private static partial Regex QueryCredential();
}
