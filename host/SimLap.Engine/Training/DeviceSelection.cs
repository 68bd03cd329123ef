using SimLap.Engine.Configuration;
using SimLap.Engine.Experiments;
using TorchSharp;

namespace SimLap.Engine.Training;

/// <summary>Turns <c>device:</c> into a torch device, and sets libtorch's thread count once per process.</summary>
public static class DeviceSelection
{
    private static int? threadsSet;

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
            throw new ConfigurationException($"device '{text}' was asked for, but this build of simlap carries the CPU libtorch (libtorch-cpu-linux-x64), so no CUDA device is usable. Use device: cpu (or auto), or build with the CUDA libtorch package (for example libtorch-cuda-12.8-linux-x64) on a machine with an NVIDIA driver.");
        }

        var count = torch.cuda.device_count();
        if (spec.Index >= count)
        {
            throw new ConfigurationException($"device '{text}' does not exist: this machine has {count} CUDA device(s), cuda:0..cuda:{count - 1}.");
        }

        return torch.device(DeviceType.CUDA, spec.Index);
    }

    /// <summary>Sets libtorch's CPU threads from <paramref name="requested"/> or OMP_NUM_THREADS, once per process.</summary>
    public static int ConfigureThreads(int requested)
    {
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
