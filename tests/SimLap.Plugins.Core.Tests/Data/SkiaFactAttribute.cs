using SkiaSharp;

namespace SimLap.Plugins.Core.Tests.Data;

/// <summary>
/// A fact that needs SkiaSharp's native library; skipped, with the reason, on a machine where the test output lacks it
/// (the test project needs a reference to SkiaSharp.NativeAssets.Linux.NoDependencies on Linux).
/// </summary>
internal sealed class SkiaFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Missing = new(Probe);

    public SkiaFactAttribute()
    {
        if (Missing.Value is { } reason)
        {
            Skip = reason;
        }
    }

    private static string? Probe()
    {
        try
        {
            using var bitmap = new SKBitmap(1, 1);
            return null;
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or BadImageFormatException)
        {
            return "SkiaSharp's native library (libSkiaSharp) is not in the test output: add <PackageReference Include=\"SkiaSharp.NativeAssets.Linux.NoDependencies\" /> to the test project. " + e.Message;
        }
    }
}
