using SimLap.Plugins.Core.Data.Formats;

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

    // Never construct a Skia object to probe: one whose native side failed to load crashes the test host in its finalizer.
    private static string? Probe() =>
        SkiaImageDecoder.NativeLibraryAvailable
            ? null
            : "SkiaSharp's native library (libSkiaSharp) is not in the test output: add <PackageReference Include=\"SkiaSharp.NativeAssets.Linux.NoDependencies\" /> to the test project.";
}
