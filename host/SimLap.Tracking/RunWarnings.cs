using Microsoft.Extensions.Logging;

namespace SimLap.Tracking;

/// <summary>
/// What a run logged differently from how it was asked (sanitised keys, ignored param changes, truncated values, late
/// calls): kept for <c>Warnings</c> and logged as each happens.
/// </summary>
internal sealed class RunWarnings(string runId, ILogger? logger)
{
    private readonly List<string> messages = [];

    /// <summary>Every warning so far.</summary>
    public IReadOnlyList<string> All
    {
        get
        {
            lock (messages)
            {
                return messages.ToArray();
            }
        }
    }

    /// <summary>Keeps and logs <paramref name="message"/>.</summary>
    public void Add(string message)
    {
        lock (messages)
        {
            messages.Add(message);
        }

        logger?.LogWarning("Run {RunId}: {Warning}", runId, message);
    }
}
