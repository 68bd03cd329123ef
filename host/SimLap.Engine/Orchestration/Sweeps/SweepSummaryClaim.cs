using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using SimLap.Engine.Compare;
using SimLap.Tracking;

namespace SimLap.Engine.Orchestration.Sweeps;

/// <summary>
/// Who writes a sweep parent's end summary when its trials end in separate processes (the tasks of a job array):
/// the processes that see every trial ended race for a param of the parent named after the trials' state
/// (<see cref="SweepTags.SummaryClaimPrefix"/>), which a store writes once (an exclusive file create locally, MLflow's
/// immutable params on a server), so exactly one of them summarises each state. A claimant killed before it finished
/// leaves its claim behind; a later process (a re-run or requeued task) that finds it gone (its pid dead on this host,
/// or its claim older than the stale bound on another) claims the next attempt of the same state and completes it.
/// </summary>
public static class SweepSummaryClaim
{
    /// <summary>How many takeovers of one state are tried before giving up (each needs a claimant that died).</summary>
    public const int MaxAttempts = 64;

    /// <summary>
    /// The state of a sweep's trials the summary is computed from: 16 hex digits of SHA-256 over each trial's index,
    /// newest run id, status and latest metrics. A re-run trial (a new run, another status or other results) changes it.
    /// </summary>
    public static string StateOf(IReadOnlyDictionary<int, RunRecord> newestPerTrial)
    {
        ArgumentNullException.ThrowIfNull(newestPerTrial);
        var text = new StringBuilder();
        foreach (var (index, run) in newestPerTrial.OrderBy(t => t.Key))
        {
            text.Append(CultureInfo.InvariantCulture, $"{index}\t{run.RunId}\t{run.Status}\n");
            foreach (var (key, value) in run.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                text.Append(CultureInfo.InvariantCulture, $"\t{key}={value:R}\n");
            }
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    /// <summary>
    /// Claims the summary of <paramref name="state"/> on the parent for this process; returns the claim's key, or null
    /// when a claimant that may still be alive holds it (that one writes the summary).
    /// </summary>
    public static string? Take(ISweepStore store, string parentRunId, string state, OwnerLiveness liveness, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(liveness);
        var mine = NewHolder();
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var key = string.Create(CultureInfo.InvariantCulture, $"{SweepTags.SummaryClaimPrefix}{state}.{attempt}");
            var holder = store.Claim(parentRunId, key, mine);
            if (holder == mine)
            {
                return key;
            }

            if (GoneReason(holder, liveness) is not { } gone)
            {
                logger.LogInformation("The summary of sweep {Parent} is being written by {Holder}.", parentRunId, Describe(holder));
                return null;
            }

            logger.LogWarning("The summary of sweep {Parent} was claimed by a process that ended before finishing it ({Reason}); this process takes it over.", parentRunId, gone);
        }

        logger.LogWarning("The summary of sweep {Parent} was claimed {Count} times without being finished; it is left as it is.", parentRunId, MaxAttempts);
        return null;
    }

    /// <summary>Why the claimant <paramref name="holder"/> is gone, or null when it may still be alive (also for a claim still being written).</summary>
    public static string? GoneReason(string holder, OwnerLiveness liveness)
    {
        ArgumentNullException.ThrowIfNull(liveness);
        var parts = (holder ?? string.Empty).Split('|');
        if (parts.Length < 4)
        {
            return null;
        }

        // The claim time plays the heartbeat: a claimant on another host is gone once its claim is older than the stale bound.
        return liveness.GoneReason(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [RunOwner.HostTag] = parts[0],
            [RunOwner.PidTag] = parts[1],
            [RunOwner.StartTag] = parts[2],
            [RunOwner.HeartbeatTag] = parts[3],
        });
    }

    /// <summary>This process as a claimant: host, pid, process start, the claim time and a nonce (two threads never share one).</summary>
    public static string NewHolder()
    {
        var owner = RunOwner.Current;
        return string.Join('|', owner.Host, owner.Pid.ToString(CultureInfo.InvariantCulture), RunOwner.FormatTime(owner.Start), RunOwner.FormatTime(DateTimeOffset.UtcNow), Guid.NewGuid().ToString("N")[..8]);
    }

    private static string Describe(string holder) =>
        holder.Split('|') is [var host, var pid, _, var claimed, ..] ? $"process {pid} on {host} (claimed {claimed})" : "another process";
}
