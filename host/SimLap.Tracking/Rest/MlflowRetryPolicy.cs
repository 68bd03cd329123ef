namespace SimLap.Tracking.Rest;

/// <summary>
/// Exponential back-off with jitter for transient failures (no answer, 429, 5xx): attempt <c>n</c> waits a random
/// delay in <c>[d/2, d]</c> with <c>d = min(InitialDelay · 2^(n-1), MaxDelay)</c>, or the server's Retry-After
/// when it is longer (capped at <see cref="MaxDelay"/>).
/// </summary>
/// <param name="MaxAttempts">Attempts in total, at least 1 (1 means no retry).</param>
/// <param name="InitialDelay">The delay before the first retry.</param>
/// <param name="MaxDelay">The longest delay.</param>
public sealed record MlflowRetryPolicy(int MaxAttempts, TimeSpan InitialDelay, TimeSpan MaxDelay)
{
    /// <summary>5 attempts, 0.5 s doubling up to 8 s (about 7.5 s before giving up).</summary>
    public static MlflowRetryPolicy Default { get; } = new(5, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(8));

    /// <summary>The delay before attempt <paramref name="attempt"/> + 1 (attempt counts from 1).</summary>
    public TimeSpan Delay(int attempt, TimeSpan? retryAfter = null)
    {
        var exponent = Math.Min(Math.Max(attempt - 1, 0), 30);
        var ceiling = Math.Min(InitialDelay.TotalMilliseconds * Math.Pow(2, exponent), MaxDelay.TotalMilliseconds);
        var jittered = (ceiling / 2) + (Random.Shared.NextDouble() * ceiling / 2);
        if (retryAfter is { } after && after.TotalMilliseconds > jittered)
        {
            jittered = Math.Min(after.TotalMilliseconds, MaxDelay.TotalMilliseconds);
        }

        return TimeSpan.FromMilliseconds(jittered);
    }
}
