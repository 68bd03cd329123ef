using System.Collections.Concurrent;
using System.Globalization;

namespace SimLap.Tracking;

/// <summary>
/// A test seam for disk-full faults: with <c>SIMLAP_FAULT_WRITE=&lt;site&gt;:&lt;nth&gt;</c> set (e.g. <c>metric:3</c>),
/// the nth write at that site (and every later one, as a full disk would) throws an <see cref="IOException"/>
/// "No space left on device". Sites: <c>meta</c> (meta.yaml), <c>param</c>, <c>tag</c>, <c>metric</c> (an append of
/// metric points), <c>artifact</c>, <c>model</c> (a logged model's file), <c>checkpoint</c> (before a checkpoint is written), <c>checkpoint-entry</c> (each
/// entry inside a checkpoint being written). <c>SIMLAP_FAULT_KILL=&lt;site&gt;:&lt;nth&gt;</c> instead kills the process with
/// SIGKILL at that write, as an OOM kill or a pulled plug would. The variables are read once; unset, every call is a no-op.
/// </summary>
public static class StoreFaults
{
    /// <summary>The environment variable.</summary>
    public const string Variable = "SIMLAP_FAULT_WRITE";

    /// <summary>meta.yaml of a run.</summary>
    public const string Meta = "meta";

    /// <summary>A param file.</summary>
    public const string Param = "param";

    /// <summary>A tag file.</summary>
    public const string Tag = "tag";

    /// <summary>An append to a metric file.</summary>
    public const string Metric = "metric";

    /// <summary>An artifact copy.</summary>
    public const string Artifact = "artifact";

    /// <summary>A checkpoint file.</summary>
    public const string Checkpoint = "checkpoint";

    /// <summary>One entry inside a checkpoint being written.</summary>
    public const string CheckpointEntry = "checkpoint-entry";

    /// <summary>A file of a logged model's artifacts.</summary>
    public const string Model = "model";

    /// <summary>The environment variable of the kill mode.</summary>
    public const string KillVariable = "SIMLAP_FAULT_KILL";

    private static readonly (string Site, int Nth)? Kill = Parse(Environment.GetEnvironmentVariable(KillVariable));
    private static readonly ConcurrentDictionary<string, int> KillCounts = new(StringComparer.Ordinal);

    private static readonly (string Site, int Nth)? Fault = Parse(Environment.GetEnvironmentVariable(Variable));
    private static readonly ConcurrentDictionary<string, int> Counts = new(StringComparer.Ordinal);

    /// <summary>Counts a write at <paramref name="site"/> and throws when the configured fault is due.</summary>
    /// <exception cref="IOException">The injected disk-full error.</exception>
    public static void Hit(string site)
    {
        if (Kill is { } kill && kill.Site == site && KillCounts.AddOrUpdate(site, 1, (_, n) => n + 1) == kill.Nth)
        {
            // SIGKILL to ourselves: no finally block, no flush, no handler runs, exactly as under kill -9.
            System.Diagnostics.Process.GetCurrentProcess().Kill();
            Thread.Sleep(Timeout.Infinite);
        }

        if (Fault is not { } fault || fault.Site != site)
        {
            return;
        }

        if (Counts.AddOrUpdate(site, 1, (_, n) => n + 1) >= fault.Nth)
        {
            throw new IOException($"No space left on device (injected by {Variable} at the {site} write)");
        }
    }

    private static (string, int)? Parse(string? value)
    {
        var parts = value?.Split(':', 2);
        return parts is [var site, var nth] && int.TryParse(nth, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 1
            ? (site.Trim(), n)
            : null;
    }
}
