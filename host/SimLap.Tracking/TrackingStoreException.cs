namespace SimLap.Tracking;

/// <summary>
/// A tracking store could not write something: raised by <see cref="SimLap.Contracts.Tracking.ITracker.Flush"/> and
/// <see cref="IRunTracker.End"/> for failures of the background writer, and by the store itself.
/// </summary>
public sealed class TrackingStoreException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="path">The file or folder involved, if any.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public TrackingStoreException(string message, string? path = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Path = path;
    }

    /// <summary>The file or folder involved (the first one when several writes failed).</summary>
    public string? Path { get; }
}
