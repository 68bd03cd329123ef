using System.Runtime.InteropServices;

namespace SimLap.Engine.Training;

/// <summary>
/// Replaces a file so that a crash, a kill or a full disk leaves either the old file or the new one, never a part:
/// the content goes to a temporary file in the same folder (<c>.NAME.GUID.tmp</c>, locked while written), is flushed
/// to disk, renamed over the target, and the folder is flushed so that the rename itself survives a power cut. On any
/// failure the temporary file is deleted and the target is untouched.
/// </summary>
internal static class DurableFile
{
    private const int ReadOnly = 0; // O_RDONLY, which opens a folder too

    /// <summary>The glob of the temporary files of targets matching <paramref name="fileNamePattern"/> (in their folder).</summary>
    public static string TemporaryPattern(string fileNamePattern) => $".{fileNamePattern}.*.tmp";

    /// <summary>
    /// Whether no process is writing <paramref name="temporary"/>: its last write is older than <paramref name="before"/>
    /// and nobody holds its lock. Such a file is left by a write that was killed and can be deleted.
    /// </summary>
    public static bool IsOrphan(string temporary, DateTime before)
    {
        if (File.GetLastWriteTimeUtc(temporary) >= before)
        {
            return false;
        }

        try
        {
            using var probe = new FileStream(temporary, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, which gets the temporary file's stream.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            // FileShare.None takes an exclusive lock (flock on Unix): a cleaner sees the file is still being written.
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(file);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        FlushFolder(folder);
    }

    /// <summary>fsync of the folder, so that a rename in it is on disk; best effort (a file system may not support it).</summary>
    private static void FlushFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var descriptor = open(folder, ReadOnly);
        if (descriptor < 0)
        {
            return;
        }

        _ = fsync(descriptor);
        _ = close(descriptor);
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int fsync(int descriptor);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int close(int descriptor);
}
