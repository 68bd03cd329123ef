using System.IO.Compression;

namespace SimLap.Engine.Training;

/// <summary>
/// A checkpoint read whole into memory and verified against its manifest before anything is loaded from it: every
/// entry the writer wrote is present, of the recorded size and SHA-256, and there is no other. Any fault is a
/// <see cref="CheckpointException"/> naming the file and the entry.
/// </summary>
internal sealed class CheckpointArchive
{
    private readonly IReadOnlyDictionary<string, byte[]> entries;

    private CheckpointArchive(string path, IReadOnlyDictionary<string, byte[]> entries)
    {
        Path = path;
        this.entries = entries;
    }

    /// <summary>The checkpoint file (full path).</summary>
    public string Path { get; }

    /// <summary>Reads and verifies the checkpoint at <paramref name="path"/>; <paramref name="format"/> is the format this version reads.</summary>
    public static CheckpointArchive Open(string path, int format)
    {
        var full = System.IO.Path.GetFullPath(path);
        var (entries, unreadable) = ReadAll(full);
        if (unreadable.TryGetValue(CheckpointManifest.EntryName, out var reason))
        {
            throw new CheckpointException(full, CheckpointManifest.EntryName, $"checkpoint '{full}' does not verify: its entry '{CheckpointManifest.EntryName}' cannot be read ({reason}).", CheckpointException.UseAnother);
        }

        if (!entries.TryGetValue(CheckpointManifest.EntryName, out var json))
        {
            throw NoManifest(full, entries, unreadable);
        }

        var manifest = CheckpointManifest.Parse(full, json, format);
        entries.Remove(CheckpointManifest.EntryName);
        var problems = manifest.Check(entries, unreadable);
        if (problems.Count > 0)
        {
            throw new CheckpointException(full, problems[0].Entry, $"checkpoint '{full}' does not verify: {string.Join("; ", problems.Select(p => p.Problem))}.", CheckpointException.UseAnother);
        }

        return new CheckpointArchive(full, entries);
    }

    /// <summary>Whether the writer wrote entry <paramref name="name"/>.</summary>
    public bool Has(string name) => entries.ContainsKey(name);

    /// <summary>The verified bytes of entry <paramref name="name"/>; an error naming it when the checkpoint has none.</summary>
    public byte[] Entry(string name) =>
        entries.TryGetValue(name, out var data)
            ? data
            : throw new CheckpointException(Path, name, $"checkpoint '{Path}' has no entry '{name}': it was written by another experiment (different components) and does not fit this one.");

    private static (Dictionary<string, byte[]> Entries, Dictionary<string, string> Unreadable) ReadAll(string path)
    {
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var unreadable = new Dictionary<string, string>(StringComparer.Ordinal);
        using var file = OpenFile(path);
        using var zip = OpenZip(path, file);
        foreach (var entry in zip.Entries)
        {
            if (entries.Remove(entry.FullName) || unreadable.ContainsKey(entry.FullName))
            {
                unreadable[entry.FullName] = "it appears twice in the zip's central directory";
                continue;
            }

            try
            {
                using var stream = entry.Open();
                using var memory = new MemoryStream();
                stream.CopyTo(memory);
                entries[entry.FullName] = memory.ToArray();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Damaged compressed data or local header: InvalidDataException, IOException, and others from the decoder.
                unreadable[entry.FullName] = FirstLine(e);
            }
        }

        return (entries, unreadable);
    }

    private static FileStream OpenFile(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException(path, null, $"checkpoint '{path}' cannot be opened: {FirstLine(e)}.");
        }
    }

    private static ZipArchive OpenZip(string path, FileStream file)
    {
        try
        {
            // .NET reads the central directory (the zip's index, at the end of the file) here.
            return new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new CheckpointException(path, null, $"checkpoint '{path}' ({file.Length} bytes) is not a readable zip archive: its central directory, at the end of the file, is missing or damaged ({FirstLine(e)}): the file is truncated or is not a simlap checkpoint.", CheckpointException.UseAnother);
        }
    }

    private static CheckpointException NoManifest(string path, Dictionary<string, byte[]> entries, Dictionary<string, string> unreadable)
    {
        if (entries.ContainsKey("meta.json"))
        {
            // Format 1 (simlap before checkpoints were verified) had meta.json and no manifest. Refused rather than read
            // unverified: nothing would catch a damaged entry, and such checkpoints are quickly made again.
            return new CheckpointException(path, CheckpointManifest.EntryName, $"checkpoint '{path}' has no entry '{CheckpointManifest.EntryName}': it was written by an older simlap (checkpoint format 1, without a manifest of its entries), or its zip central directory is damaged; it cannot be verified and is not used.", "Train again (or use the simlap version that wrote it).");
        }

        var count = entries.Count + unreadable.Count;
        return new CheckpointException(path, CheckpointManifest.EntryName, $"checkpoint '{path}' has no entry '{CheckpointManifest.EntryName}' (it holds {count} other entr{(count == 1 ? "y" : "ies")}): it is damaged or is not a simlap checkpoint.");
    }

    /// <summary>The first line of an exception's message (native libtorch errors append a C++ stack trace after it).</summary>
    internal static string FirstLine(Exception e)
    {
        var message = e.Message.Trim();
        var end = message.IndexOfAny(['\r', '\n']);
        var line = (end < 0 ? message : message[..end]).Trim().TrimEnd('.');
        return line.Length > 300 ? line[..300] + "..." : line;
    }
}
