using System.Runtime.CompilerServices;

namespace SimLap.Engine.Tests.TestSupport;

/// <summary>
/// Points XDG_DATA_HOME and XDG_CACHE_HOME of the test process at a temporary folder before any test runs, so runs that
/// keep their checkpoints in the default home (<c>$XDG_DATA_HOME/simlap/checkpoints</c>) or remember data set digests
/// (<c>$XDG_CACHE_HOME/simlap</c>) never write into the developer's own.
/// </summary>
internal static class IsolatedDataHome
{
    /// <summary>The test process's data home.</summary>
    public static string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "simlap-engine-tests-data-" + Guid.NewGuid().ToString("N"));

    /// <summary>The test process's cache home, inside <see cref="Path"/>.</summary>
    public static string CachePath { get; } = System.IO.Path.Combine(Path, ".cache");

    [ModuleInitializer]
    internal static void Initialize()
    {
        Directory.CreateDirectory(Path);
        Environment.SetEnvironmentVariable("XDG_DATA_HOME", Path);
        Environment.SetEnvironmentVariable("XDG_CACHE_HOME", CachePath);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A leftover folder in the temp directory is harmless.
            }
        };
    }
}
