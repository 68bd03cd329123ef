using System.Formats.Tar;
using System.IO.Compression;

namespace SimLap.Plugins.Core.Data.Download;

/// <summary>
/// Extracts a <c>.tar.gz</c> archive atomically: everything goes into a temporary folder beside the destination
/// (same file system), and each top-level entry is then renamed into place, so a reader never sees a half-extracted folder.
/// Entries that would land outside the destination are refused (by <see cref="TarFile"/>).
/// </summary>
public static class ArchiveExtractor
{
    /// <summary>Extracts <paramref name="archive"/> into <paramref name="destination"/>; a stale entry of the same name is replaced.</summary>
    public static void ExtractTarGz(string archive, string destination)
    {
        Directory.CreateDirectory(destination);
        var temporary = Path.Combine(destination, $".extracting-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temporary);
        try
        {
            using (var file = new FileStream(archive, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20))
            using (var gzip = new GZipStream(file, CompressionMode.Decompress))
            {
                TarFile.ExtractToDirectory(gzip, temporary, overwriteFiles: false);
            }

            foreach (var entry in Directory.EnumerateFileSystemEntries(temporary))
            {
                var target = Path.Combine(destination, Path.GetFileName(entry));
                if (Directory.Exists(entry))
                {
                    if (Directory.Exists(target))
                    {
                        Directory.Delete(target, recursive: true);
                    }

                    Directory.Move(entry, target);
                }
                else
                {
                    File.Move(entry, target, overwrite: true);
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException)
        {
            throw new InvalidDataException($"The archive '{archive}' cannot be extracted: {e.Message} Nothing was extracted.", e);
        }
        finally
        {
            if (Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }
        }
    }
}
