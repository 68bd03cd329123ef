using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SimLap.Bench;

/// <summary>What one measurement (one child process) reports back to the orchestrator, as one JSON line.</summary>
internal sealed record CaseResult
{
    public const string Marker = "BENCH-RESULT ";

    public required string Case { get; init; }

    /// <summary>The headline figure (images/s from the median step time, ms per op, MiB per 1000 steps...).</summary>
    public required double Value { get; init; }

    public required string Unit { get; init; }

    /// <summary>Peak resident memory of the process (VmHWM), MiB.</summary>
    [JsonPropertyName("peak_rss_mib")]
    public double PeakRssMiB { get; init; } = ProcessMemory.PeakMiB();

    public string Device { get; init; } = "cpu";

    public int Threads { get; init; } = TorchSharp.torch.get_num_threads();

    public Dictionary<string, double> Extra { get; init; } = [];

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = false,
    };

    public string ToLine() => Marker + JsonSerializer.Serialize(this, Json);

    public static CaseResult? FromLine(string line) =>
        line.StartsWith(Marker, StringComparison.Ordinal) ? JsonSerializer.Deserialize<CaseResult>(line[Marker.Length..], Json) : null;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Case}: {Value:G5} {Unit}, peak RSS {PeakRssMiB:F0} MiB");
}

/// <summary>Resident memory of this process from /proc/self/status.</summary>
internal static class ProcessMemory
{
    /// <summary>Peak resident set (VmHWM) in MiB; NaN where /proc is absent.</summary>
    public static double PeakMiB() => Read("VmHWM:");

    /// <summary>Current resident set (VmRSS) in MiB.</summary>
    public static double CurrentMiB() => Read("VmRSS:");

    private static double Read(string field)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    var parts = line[field.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return double.Parse(parts[0], CultureInfo.InvariantCulture) / 1024.0;
                }
            }
        }
        catch (IOException)
        {
        }

        return double.NaN;
    }
}
