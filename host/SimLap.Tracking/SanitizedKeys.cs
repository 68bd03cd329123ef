using System.Collections.Concurrent;

namespace SimLap.Tracking;

/// <summary>A run's keys made valid for MLflow (<see cref="MlflowKeys.Sanitize"/>), each computed and reported once.</summary>
/// <param name="verb">How the run keeps a value ("logged", "stored"), for the warning.</param>
internal sealed class SanitizedKeys(string verb)
{
    private readonly ConcurrentDictionary<string, string> stored = new(StringComparer.Ordinal);

    /// <summary>The valid key for <paramref name="key"/>; <paramref name="warning"/> says so the first time it differs.</summary>
    public string Get(string? key, out string? warning)
    {
        warning = null;
        key ??= string.Empty;
        if (this.stored.TryGetValue(key, out var stored))
        {
            return stored;
        }

        stored = MlflowKeys.Sanitize(key);
        if (this.stored.TryAdd(key, stored) && stored != key)
        {
            warning = $"Key '{key}' is not a valid MLflow key; it is {verb} as '{stored}'.";
        }

        return stored;
    }
}
