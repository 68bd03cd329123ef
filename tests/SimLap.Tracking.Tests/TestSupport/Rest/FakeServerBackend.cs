using SimLap.Tracking.Rest;

namespace SimLap.Tracking.Tests.Rest;

/// <summary>A REST backend of a <see cref="FakeMlflowServer"/> for tests: short batches and retries, its own spool, no replay of other spools.</summary>
internal static class FakeServerBackend
{
    /// <summary>A backend of <paramref name="server"/> spooling into <paramref name="spoolDirectory"/>.</summary>
    public static RestTrackingBackend For(FakeMlflowServer server, string spoolDirectory) =>
        new(new MlflowRestOptions(server.Uri)
        {
            BatchInterval = TimeSpan.FromMilliseconds(50),
            Retry = new MlflowRetryPolicy(2, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(4)),
            SpoolDirectory = spoolDirectory,
            RequestTimeout = TimeSpan.FromSeconds(10),
        })
        { ReplayPendingSpools = false };
}
