using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SimLap.Contracts.Data;
using SimLap.Engine.Training;

namespace SimLap.Engine.Running;

/// <summary>
/// Remembers <see cref="DatasetDigest"/>s, so that a data set whose files have not changed is not read again at each run
/// start (an image folder of thousands of files, CIFAR's 170 MB). One entry per description (name, source, settings and
/// files) holds the digest and, for each file, the size and last-write time it had when it was hashed. The digest is
/// used only when every file still has that size and time; a file changed, added or gone, or an entry that does not
/// check out (damaged, cut short, another format: each entry ends with a SHA-256 of itself), means the files are hashed
/// again and the entry rewritten. A file written less than <see cref="SettleTime"/> before hashing began is not
/// remembered, since a later write of the same size could leave its time unchanged on a coarse-grained file system.
/// </summary>
/// <param name="folder">The folder of the entries, one small file each.</param>
public sealed class DatasetDigestCache(string folder)
{
    /// <summary>How long a file must have been left unchanged before hashing for its digest to be remembered.</summary>
    public static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(2);

    private const string Header = "simlap-dataset-digest-cache 1";

    /// <summary>The folder of the entries.</summary>
    public string Folder { get; } = folder;

    /// <summary>
    /// The user's cache: <c>$XDG_CACHE_HOME/simlap/dataset-digests</c> when XDG_CACHE_HOME is an absolute path, else
    /// <c>~/.cache/simlap/dataset-digests</c> (%LOCALAPPDATA%\simlap\cache on Windows).
    /// </summary>
    public static DatasetDigestCache ForUser()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var cache = !string.IsNullOrWhiteSpace(xdg) && Path.IsPathFullyQualified(xdg)
            ? Path.Combine(xdg, "simlap")
            : OperatingSystem.IsWindows()
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "simlap", "cache")
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "simlap");
        return new DatasetDigestCache(Path.Combine(cache, "dataset-digests"));
    }

    /// <summary>The digest of <paramref name="description"/>: remembered when its files are unchanged, else computed (and remembered).</summary>
    /// <exception cref="IOException">A declared file cannot be read.</exception>
    public string Digest(DatasetDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        var files = description.Files.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0 || !files.All(File.Exists))
        {
            // Nothing to read, or the error names the missing file.
            return DatasetDigest.Compute(description);
        }

        var stamps = files.Select(Stamp).ToList();
        var entry = EntryPath(description, files);
        if (Read(entry) is { } remembered && remembered.Stamps.SequenceEqual(stamps))
        {
            return remembered.Digest;
        }

        var started = DateTime.UtcNow;
        var digest = DatasetDigest.Compute(description);
        if (stamps.All(s => s.WriteTicks < (started - SettleTime).Ticks))
        {
            Write(entry, digest, stamps);
        }

        return digest;
    }

    /// <summary>The entry of <paramref name="description"/>'s files (its name is a hash of everything that makes the digest but the bytes).</summary>
    internal string EntryPath(DatasetDescription description, IReadOnlyList<string> files)
    {
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(files);
        var key = new StringBuilder().Append(Header).Append('\n')
            .Append(CultureInfo.InvariantCulture, $"{description.Name.Length}:{description.Name} {description.SourceType.Length}:{description.SourceType} {description.Source.Length}:{description.Source}\n");
        foreach (var (name, value) in description.Settings.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            key.Append(CultureInfo.InvariantCulture, $"setting {name.Length}:{name}={value.Length}:{value}\n");
        }

        foreach (var file in files)
        {
            key.Append(CultureInfo.InvariantCulture, $"file {file.Length}:{file}\n");
        }

        return Path.Combine(Folder, Hex(key.ToString())[..32] + ".txt");
    }

    /// <summary>Writes an entry: <paramref name="digest"/> for files of these sizes and times (for tests, and after hashing).</summary>
    internal void Write(string entry, string digest, IReadOnlyList<FileStamp> stamps)
    {
        ArgumentNullException.ThrowIfNull(stamps);
        var body = new StringBuilder().Append(Header).Append('\n').Append("digest ").Append(digest).Append('\n');
        foreach (var stamp in stamps)
        {
            body.Append(CultureInfo.InvariantCulture, $"file {stamp.Size} {stamp.WriteTicks} {stamp.Path}\n");
        }

        var check = Hex(body.ToString());
        var text = body.Append("check ").Append(check).Append('\n').ToString();
        try
        {
            // Whole or not at all: a reader never sees half an entry.
            DurableFile.Write(entry, stream => stream.Write(Encoding.UTF8.GetBytes(text)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A cache that cannot be written only costs the next run a re-read.
        }
    }

    /// <summary>A file's size and last-write time as the cache compares them.</summary>
    internal static FileStamp Stamp(string path)
    {
        var info = new FileInfo(path);
        return new FileStamp(info.FullName, info.Length, info.LastWriteTimeUtc.Ticks);
    }

    /// <summary>The entry's digest and stamps; null when it is missing or does not check out in every line.</summary>
    private static (string Digest, List<FileStamp> Stamps)? Read(string entry)
    {
        string[] lines;
        try
        {
            lines = File.Exists(entry) ? File.ReadAllText(entry).Split('\n') : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // Header, digest, the files, the check and the empty string after the last line end.
        if (lines.Length < 4 || lines[0] != Header || lines[^1].Length != 0 || !lines[1].StartsWith("digest ", StringComparison.Ordinal)
            || lines[^2] != "check " + Hex(string.Concat(lines[..^2].Select(l => l + "\n"))))
        {
            return null;
        }

        var digest = lines[1]["digest ".Length..];
        var stamps = lines[2..^2].Select(ParseStamp).ToList();
        return digest.Length == DatasetDigest.Length && digest.All(char.IsAsciiHexDigitLower) && stamps.All(s => s is not null)
            ? (digest, stamps.Select(s => s!).ToList())
            : null;
    }

    private static FileStamp? ParseStamp(string line)
    {
        var parts = line.Split(' ', 4);
        return parts.Length == 4 && parts[0] == "file"
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            ? new FileStamp(parts[3], size, ticks)
            : null;
    }

    private static string Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
