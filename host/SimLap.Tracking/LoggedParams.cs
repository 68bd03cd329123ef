using System.Collections.Concurrent;

namespace SimLap.Tracking;

/// <summary>A run's params: immutable as in MLflow, the first value of a key is kept.</summary>
internal sealed class LoggedParams
{
    private readonly ConcurrentDictionary<string, string> values = new(StringComparer.Ordinal);

    /// <summary>
    /// Records <paramref name="value"/> under <paramref name="key"/>; false when the key was logged before (nothing to
    /// write), with <paramref name="conflict"/> describing a different value that was ignored.
    /// </summary>
    public bool TryRecord(string key, string value, out string? conflict)
    {
        conflict = null;
        if (values.TryAdd(key, value))
        {
            return true;
        }

        if (values.TryGetValue(key, out var first) && first != value)
        {
            conflict = $"Param '{key}' was already logged with value '{first}'; params are immutable, so the new value '{value}' was ignored.";
        }

        return false;
    }
}
