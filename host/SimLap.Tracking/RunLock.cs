namespace SimLap.Tracking;

/// <summary>
/// The exclusive lock file in a local run's folder that its owner holds open for the run's life
/// (<see cref="FileShare.None"/>: an exclusive <c>flock</c> on Unix). The operating system releases it when the
/// process ends in any way, kill -9 and out-of-memory kills included, so a free lock means nobody owns the run.
/// </summary>
public static class RunLock
{
    /// <summary>The lock file's name in the run folder (hidden, so MLflow and the readers of params and tags skip it).</summary>
    public const string FileName = ".simlap-owner.lock";

    /// <summary>Takes the lock of the run in <paramref name="runFolder"/>; null when another process (or handle) holds it.</summary>
    /// <exception cref="TrackingStoreException">The lock file cannot be created (permissions, a missing folder).</exception>
    public static FileStream? TryAcquire(string runFolder)
    {
        var path = Path.Combine(runFolder, FileName);
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new TrackingStoreException($"Cannot create the run's lock file '{path}': {e.Message}", path, e);
        }
        catch (IOException) when (File.Exists(path))
        {
            return null;
        }
        catch (IOException e)
        {
            throw new TrackingStoreException($"Cannot create the run's lock file '{path}': {e.Message}", path, e);
        }
    }
}
