using System.Diagnostics;
using System.Globalization;

namespace SimLap.Tracking;

/// <summary>
/// The process that owns a run while it trains, as the run records it in tags: host, pid and the process's start time
/// (so a pid reused by another process is not mistaken for the owner), plus a heartbeat the owner refreshes.
/// </summary>
/// <param name="Host">The machine name.</param>
/// <param name="Pid">The process id.</param>
/// <param name="Start">When the process started (UTC).</param>
public sealed record RunOwner(string Host, int Pid, DateTimeOffset Start)
{
    /// <summary>The tag naming the owner's host.</summary>
    public const string HostTag = "simlap.owner.host";

    /// <summary>The tag naming the owner's process id.</summary>
    public const string PidTag = "simlap.owner.pid";

    /// <summary>The tag holding the owner process's start time (ISO 8601, UTC).</summary>
    public const string StartTag = "simlap.owner.start";

    /// <summary>The tag the owner refreshes while it runs (ISO 8601, UTC).</summary>
    public const string HeartbeatTag = "simlap.heartbeat";

    /// <summary>Two start times closer than this are the same process (the kernel counts in clock ticks).</summary>
    private static readonly TimeSpan StartTolerance = TimeSpan.FromSeconds(1);

    private static readonly Lazy<RunOwner> CurrentOwner = new(() =>
    {
        using var self = Process.GetCurrentProcess();
        return new RunOwner(Environment.MachineName, Environment.ProcessId, new DateTimeOffset(self.StartTime.ToUniversalTime(), TimeSpan.Zero));
    });

    /// <summary>This process.</summary>
    public static RunOwner Current => CurrentOwner.Value;

    /// <summary>The owner a run's tags record, or null when they record none (an older run, or a sweep's parent).</summary>
    public static RunOwner? FromTags(IReadOnlyDictionary<string, string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        return tags.TryGetValue(HostTag, out var host)
            && tags.TryGetValue(PidTag, out var pidText) && int.TryParse(pidText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid)
            && tags.TryGetValue(StartTag, out var startText) && ParseTime(startText) is { } start
            ? new RunOwner(host, pid, start)
            : null;
    }

    /// <summary>The last heartbeat a run's tags record, or null.</summary>
    public static DateTimeOffset? Heartbeat(IReadOnlyDictionary<string, string> tags) =>
        tags.TryGetValue(HeartbeatTag, out var text) ? ParseTime(text) : null;

    /// <summary>Formats a time as the tags store it: ISO 8601 in UTC, milliseconds.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The owner tags of this owner (without the heartbeat).</summary>
    public Dictionary<string, string> Tags() => new(StringComparer.Ordinal)
    {
        [HostTag] = Host,
        [PidTag] = Pid.ToString(CultureInfo.InvariantCulture),
        [StartTag] = FormatTime(Start),
    };

    /// <summary>Whether <paramref name="other"/> is the same process (same host and pid, start times within a second).</summary>
    public bool IsSameProcess(RunOwner other) =>
        string.Equals(Host, other.Host, StringComparison.OrdinalIgnoreCase) && Pid == other.Pid && (Start - other.Start).Duration() < StartTolerance;

    /// <summary>"process 1234 on host (since 2026-12-02T06:40:00.000Z)", for messages.</summary>
    public override string ToString() => $"process {Pid.ToString(CultureInfo.InvariantCulture)} on {Host} (since {FormatTime(Start)})";

    private static DateTimeOffset? ParseTime(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time) ? time : null;
}
