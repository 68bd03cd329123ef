namespace SimLap.Tracking;

/// <summary>
/// The tracking server refused the credentials (401/403): a mistake in the user's environment, not a failed write.
/// The host reports it as it reports a configuration error (the message, no stack trace, exit code 2).
/// </summary>
public sealed class TrackingAccessException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was refused, with the tracking URI (credentials masked).</param>
    /// <param name="innerException">The server's answer.</param>
    public TrackingAccessException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
