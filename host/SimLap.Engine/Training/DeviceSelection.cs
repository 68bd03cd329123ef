using SimLap.Engine.Configuration;
using SimLap.Engine.Experiments;
using TorchSharp;

namespace SimLap.Engine.Training;

/// <summary>Turns <c>device:</c> into a torch device, and sets libtorch's thread count and allocator once per process.</summary>
public static class DeviceSelection
{
    private static int? threadsSet;

    /// <summary>The native libtorch package this engine was built with (and its version), e.g. "libtorch-cpu-linux-x64 2.10.0".</summary>
    public static string LibTorchPackage { get; } =
        typeof(DeviceSelection).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .OfType<System.Reflection.AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "LibTorchPackage")?.Value ?? "libtorch-cpu-linux-x64";

    /// <summary>The device for <paramref name="text"/> (auto, cpu, cuda, cuda:N).</summary>
    public static torch.Device Select(string text)
    {
        if (!DeviceSpec.TryParse(text, out var spec))
        {
            throw new ConfigurationException($"device '{text}' is not valid; use auto, cpu, cuda or cuda:N.");
        }

        if (spec.Kind == "cpu" || (spec.Kind == "auto" && !torch.cuda.is_available()))
        {
            return torch.CPU;
        }

        if (!torch.cuda.is_available())
        {
            throw new ConfigurationException(LibTorchPackage.Contains("cuda", StringComparison.OrdinalIgnoreCase)
                ? $"device '{text}' was asked for, and this build of simlap carries the CUDA libtorch ({LibTorchPackage}), but no CUDA device is available: there is no NVIDIA GPU, or its driver is missing or too old for the package's CUDA version. Use device: cpu (or auto)."
                : $"device '{text}' was asked for, but this build of simlap carries the CPU libtorch ({LibTorchPackage}), which has no CUDA support. Use device: cpu (or auto), or rebuild with the CUDA libtorch, `dotnet build -p:TorchBackend=cuda` (it needs the NuGet package libtorch-cuda-12.8-linux-x64), and run on a machine with an NVIDIA GPU and driver.");
        }

        var count = torch.cuda.device_count();
        if (spec.Index >= count)
        {
            throw new ConfigurationException($"device '{text}' does not exist: this machine has {count} CUDA device(s), cuda:0..cuda:{count - 1}.");
        }

        return torch.device(DeviceType.CUDA, spec.Index);
    }

    /// <summary>
    /// Sets libtorch's CPU threads from <paramref name="requested"/> or OMP_NUM_THREADS, and tunes the allocator
    /// (<see cref="NativeAllocator"/>), once per process.
    /// </summary>
    public static int ConfigureCpuRuntime(int requested)
    {
        NativeAllocator.KeepFreedMemoryForReuse();
        var threads = requested > 0 ? requested
            : int.TryParse(Environment.GetEnvironmentVariable("OMP_NUM_THREADS"), out var omp) && omp > 0 ? omp
            : Environment.ProcessorCount;
        if (threadsSet != threads)
        {
            torch.set_num_threads(threads);
            threadsSet = threads;
        }

        return threads;
    }
}
