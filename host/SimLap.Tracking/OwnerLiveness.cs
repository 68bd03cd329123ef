using System.Diagnostics;

namespace SimLap.Tracking;

/// <summary>
/// Decides whether the process that owns a RUNNING run is gone. On the same host: its pid is not alive, or is alive
/// with another start time (the pid was reused). On another host, where its processes cannot be seen: its heartbeat
/// is older than <see cref="StaleAfter"/>.
/// </summary>
/// <param name="StaleAfter">How old another host's heartbeat may be before its owner counts as gone.</param>
/// <param name="Now">The clock.</param>
/// <param name="ProcessStart">The start time of a live process of this host by pid, null when none is alive.</param>
public sealed record OwnerLiveness(TimeSpan StaleAfter, Func<DateTimeOffset> Now, Func<int, DateTimeOffset?> ProcessStart)
{
    /// <summary>The environment variable overriding the stale bound (seconds; default 600).</summary>
    public const string StaleSecondsVariable = "SIMLAP_STALE_SECONDS";

    /// <summary>The default stale bound: ten minutes, twenty heartbeats.</summary>
    public static readonly TimeSpan DefaultStaleAfter = TimeSpan.FromMinutes(10);

    /// <summary>The real clock and processes, with the stale bound from <see cref="StaleSecondsVariable"/> or <paramref name="staleAfter"/>.</summary>
    public static OwnerLiveness ForThisMachine(TimeSpan? staleAfter = null) =>
        new(staleAfter ?? StaleFromEnvironment(), () => DateTimeOffset.UtcNow, StartOf);

    /// <summary>
    /// Why the owner of a run is gone ("owner process 1234 on host is gone (last heartbeat ...)"), or null when it
    /// may still be alive. A run that names no owner is never judged gone.
    /// </summary>
    public string? GoneReason(IReadOnlyDictionary<string, string> tags)
    {
        if (RunOwner.FromTags(tags) is not { } owner)
        {
            return null;
        }

        var heartbeat = RunOwner.Heartbeat(tags);
        var last = heartbeat is { } beat ? RunOwner.FormatTime(beat) : "none";
        var reason = $"owner process {owner.Pid} on {owner.Host} is gone (last heartbeat {last})";
        if (string.Equals(owner.Host, Environment.MachineName, StringComparison.OrdinalIgnoreCase))
        {
            var start = ProcessStart(owner.Pid);
            return start is { } s && owner.IsSameProcess(owner with { Start = s }) ? null : reason;
        }

        var age = Now() - (heartbeat ?? owner.Start);
        return age > StaleAfter ? reason : null;
    }

    /// <summary>The start time of the live process <paramref name="pid"/> of this host, or null (no such process, or a zombie).</summary>
    public static DateTimeOffset? StartOf(int pid)
    {
        try
        {
            // A killed child that its parent has not reaped yet is a zombie: /proc still lists it, but it is gone.
            var stat = $"/proc/{pid}/stat";
            if (OperatingSystem.IsLinux() && (!File.Exists(stat) || File.ReadAllText(stat) is var text && text[(text.LastIndexOf(')') + 2)..].StartsWith('Z')))
            {
                return null;
            }

            using var process = Process.GetProcessById(pid);
            return process.HasExited ? null : new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static TimeSpan StaleFromEnvironment() =>
        double.TryParse(Environment.GetEnvironmentVariable(StaleSecondsVariable), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : DefaultStaleAfter;
}
