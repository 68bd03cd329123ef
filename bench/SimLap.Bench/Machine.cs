using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json.Serialization;

namespace SimLap.Bench;

/// <summary>What the figures were measured on.</summary>
internal sealed record Machine(string Cpu, int Cores, [property: JsonPropertyName("memory_gib")] double MemoryGiB, string Os, string Dotnet, [property: JsonPropertyName("torchsharp")] string TorchSharp, [property: JsonPropertyName("libtorch")] string LibTorch, string? OmpNumThreads, [property: JsonPropertyName("libtorch_config")] string LibTorchConfig)
{
    public string Summary => $"{Cpu}, {Cores} cores, {MemoryGiB:F0} GiB · {Os} · .NET {Dotnet} · TorchSharp {TorchSharp} ({LibTorch}: {Bench.LibTorchConfig.Summary(LibTorchConfig)})";

    public static Machine Describe()
    {
        var cpu = ReadField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString();
        var memory = ReadField("/proc/meminfo", "MemTotal") is { } total && double.TryParse(total.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], System.Globalization.CultureInfo.InvariantCulture, out var kib) ? kib / 1024 / 1024 : double.NaN;
        var engine = typeof(SimLap.Engine.Running.ExperimentRunner).Assembly;
        var libtorch = engine.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "LibTorchPackage")?.Value ?? "unknown";
        return new Machine(
            cpu.Trim(),
            Environment.ProcessorCount,
            Math.Round(memory, 1),
            RuntimeInformation.OSDescription,
            Environment.Version.ToString(),
            typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString() ?? "?",
            libtorch,
            Environment.GetEnvironmentVariable("OMP_NUM_THREADS"),
            Bench.LibTorchConfig.Show());
    }

    private static string? ReadField(string path, string name)
    {
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0 && line[..colon].Trim() == name)
                {
                    return line[(colon + 1)..].Trim();
                }
            }
        }
        catch (IOException)
        {
        }

        return null;
    }
}
