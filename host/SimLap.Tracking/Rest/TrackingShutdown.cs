namespace SimLap.Tracking.Rest;

/// <summary>
/// The process is stopping (SIGINT/SIGTERM): tracking must not hold it up. Once <see cref="Begin"/> was called, a
/// request in flight gets <see cref="Grace"/> to finish, no request is retried and no back-off is waited, so a
/// hanging server delays the exit by a few seconds at most: what cannot be delivered in that time is spooled.
/// </summary>
public static class TrackingShutdown
{
    private static readonly CancellationTokenSource Source = new();

    /// <summary>How long a request may still take once the process is stopping (<c>SIMLAP_TRACKING_SHUTDOWN_MS</c>, default 2000).</summary>
    public static TimeSpan Grace { get; } = TimeSpan.FromMilliseconds(
        int.TryParse(Environment.GetEnvironmentVariable("SIMLAP_TRACKING_SHUTDOWN_MS"), out var ms) && ms >= 0 ? ms : 2000);

    /// <summary>Cancelled when the process starts stopping.</summary>
    public static CancellationToken Token => Source.Token;

    /// <summary>True once the process is stopping.</summary>
    public static bool IsRequested => Source.IsCancellationRequested;

    /// <summary>Says the process is stopping (called by the signal handlers; later calls do nothing).</summary>
    public static void Begin()
    {
        try
        {
            Source.Cancel();
        }
        catch (AggregateException)
        {
            // A registration threw; the token is cancelled all the same.
        }
    }
}
