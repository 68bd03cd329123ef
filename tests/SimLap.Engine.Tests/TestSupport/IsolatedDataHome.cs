using System.Runtime.CompilerServices;

namespace SimLap.Engine.Tests.TestSupport;

/// <summary>
/// Points XDG_DATA_HOME of the test process at a temporary folder before any test runs, so runs that keep their
/// checkpoints in the default home (<c>$XDG_DATA_HOME/simlap/checkpoints</c>) never write into the developer's own.
/// </summary>
internal static class IsolatedDataHome
{
    /// <summary>The test process's data home.</summary>
    public static string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "simlap-engine-tests-data-" + Guid.NewGuid().ToString("N"));

    [ModuleInitializer]
    internal static void Initialize()
    {
        Directory.CreateDirectory(Path);
        Environment.SetEnvironmentVariable("XDG_DATA_HOME", Path);
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
