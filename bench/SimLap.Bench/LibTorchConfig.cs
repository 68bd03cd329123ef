using System.Runtime.InteropServices;

namespace SimLap.Bench;

/// <summary>
/// What libtorch says it was built with (<c>at::show_config()</c>, the text <c>torch.__config__.show()</c> prints in
/// Python): its BLAS (MKL in the official builds), oneDNN, OpenMP and CPU capability. TorchSharp does not wrap it; the
/// function is exported by libtorch_cpu, and returns a <c>std::string</c>, which the System V x86-64 ABI returns through a
/// hidden pointer to the caller's storage (libstdc++'s layout: data pointer, length, 16 bytes of small-string buffer).
/// </summary>
internal static class LibTorchConfig
{
    /// <summary>The configuration text, or a note saying why it could not be read.</summary>
    public static unsafe string Show()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            return "(at::show_config is read on Linux x64 only)";
        }

        try
        {
            _ = TorchSharp.torch.get_num_threads(); // loads libtorch
            var library = NativeLibrary.Load("libtorch_cpu.so", typeof(TorchSharp.torch).Assembly, null);
            var show = (delegate* unmanaged<byte*, byte*>)NativeLibrary.GetExport(library, "_ZN2at11show_configB5cxx11Ev");
            var storage = stackalloc byte[32];
            show(storage);
            var data = *(byte**)storage;
            var length = *(long*)(storage + 8);
            return System.Text.Encoding.UTF8.GetString(data, (int)length);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return $"(at::show_config not found: {e.Message})";
        }
    }

    /// <summary>The BLAS and oneDNN lines of <see cref="Show"/>, joined.</summary>
    public static string Summary(string config) =>
        string.Join("; ", config.Split('\n').Select(l => l.Trim(' ', '-')).Where(l => l.Contains("Math Kernel", StringComparison.Ordinal) || l.Contains("oneDNN", StringComparison.Ordinal) || l.Contains("MKL-DNN", StringComparison.Ordinal) || l.StartsWith("CPU capability", StringComparison.Ordinal)));
}
