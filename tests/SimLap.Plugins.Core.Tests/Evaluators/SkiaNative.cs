using System.Reflection;
using System.Runtime.InteropServices;
using SkiaSharp;

namespace SimLap.Plugins.Core.Tests.Evaluators;

/// <summary>
/// Finds SkiaSharp's native library for plot tests. The plugin takes SkiaSharp from the host at run time, so this test
/// project gets the managed assembly but not libSkiaSharp.so for Linux; it is loaded from this output's runtimes folder
/// when present, else from the NuGet cache (SkiaSharp.NativeAssets.Linux.NoDependencies, which the host restores).
/// </summary>
internal static class SkiaNative
{
    private static readonly Lazy<bool> Registered = new(Register);

    /// <summary>Registers the resolver once (a no-op off Linux x64 or when another resolver is already set).</summary>
    public static void Ensure() => _ = Registered.Value;

    private static bool Register()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            return false;
        }

        try
        {
            NativeLibrary.SetDllImportResolver(typeof(SKBitmap).Assembly, Resolve);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (!name.Contains("SkiaSharp", StringComparison.Ordinal))
        {
            return IntPtr.Zero;
        }

        foreach (var path in Candidates())
        {
            if (File.Exists(path) && NativeLibrary.TryLoad(path, out var handle))
            {
                return handle;
            }
        }

        return IntPtr.Zero;
    }

    private static IEnumerable<string> Candidates()
    {
        yield return Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libSkiaSharp.so");
        yield return Path.Combine(AppContext.BaseDirectory, "libSkiaSharp.so");
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrEmpty(packages))
        {
            packages = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        }

        var root = Path.Combine(packages, "skiasharp.nativeassets.linux.nodependencies");
        if (Directory.Exists(root))
        {
            foreach (var version in Directory.GetDirectories(root, "2.88.*").OrderDescending())
            {
                yield return Path.Combine(version, "runtimes", "linux-x64", "native", "libSkiaSharp.so");
            }
        }
    }
}
