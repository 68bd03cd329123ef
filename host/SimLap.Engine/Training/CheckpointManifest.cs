using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SimLap.Engine.Training;

/// <summary>
/// The list a checkpoint carries of what its writer wrote: every entry's name, size and SHA-256, the checkpoint
/// format, and a digest over all of it (so a damaged manifest is told apart from a damaged entry). It is the zip's
/// entry <see cref="EntryName"/>, written last; an entry the writer wrote and the file no longer holds (a damaged
/// central directory, say) is missing from the zip but not from the manifest.
/// </summary>
/// <param name="Format">The checkpoint format.</param>
/// <param name="Entries">Every other entry, in the order written.</param>
/// <param name="Digest">SHA-256 over the format and the entries' names, sizes and hashes.</param>
internal sealed record CheckpointManifest(int Format, IReadOnlyList<CheckpointManifest.Item> Entries, string Digest)
{
    /// <summary>The manifest's own entry name.</summary>
    public const string EntryName = "manifest.json";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    /// <summary>One entry.</summary>
    /// <param name="Name">The entry's name in the zip.</param>
    /// <param name="Size">Its uncompressed size in bytes.</param>
    /// <param name="Sha256">The SHA-256 of its uncompressed bytes, lower-case hex.</param>
    public sealed record Item(string Name, long Size, string Sha256);

    /// <summary>The manifest of <paramref name="entries"/>.</summary>
    public static CheckpointManifest For(int format, IEnumerable<(string Name, byte[] Data)> entries)
    {
        var items = entries.Select(e => new Item(e.Name, e.Data.LongLength, Hash(e.Data))).ToList();
        return new CheckpointManifest(format, items, DigestOf(format, items));
    }

    /// <summary>The manifest as JSON.</summary>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    /// <summary>Reads the manifest of checkpoint <paramref name="path"/>, checking that it agrees with its own digest.</summary>
    public static CheckpointManifest Parse(string path, byte[] json, int format)
    {
        CheckpointManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<CheckpointManifest>(json, Json);
        }
        catch (JsonException)
        {
            manifest = null;
        }

        if (manifest?.Entries is null || manifest.Digest is null || manifest.Entries.Any(e => e?.Name is null || e.Sha256 is null))
        {
            throw Damaged(path, "is not a readable manifest (damaged)");
        }

        if (manifest.Format != format)
        {
            throw new CheckpointException(path, EntryName, $"checkpoint '{path}' has format {manifest.Format}; this version of simlap reads format {format}.", "Train again, or use the simlap version that wrote it.");
        }

        if (!string.Equals(DigestOf(manifest.Format, manifest.Entries), manifest.Digest, StringComparison.Ordinal))
        {
            throw Damaged(path, "does not match its own digest (the manifest is damaged)");
        }

        if (manifest.Entries.Select(e => e.Name).Distinct(StringComparer.Ordinal).Count() != manifest.Entries.Count)
        {
            throw Damaged(path, "lists an entry twice (damaged)");
        }

        return manifest;
    }

    /// <summary>
    /// What is wrong with the checkpoint's entries (other than the manifest) against the manifest: entries that could
    /// not be read, are missing, differ in size or hash, or were not written by the writer. Empty when it verifies.
    /// </summary>
    public IReadOnlyList<(string Entry, string Problem)> Check(IReadOnlyDictionary<string, byte[]> entries, IReadOnlyDictionary<string, string> unreadable)
    {
        var problems = new List<(string Entry, string Problem)>();
        foreach (var item in Entries)
        {
            if (unreadable.TryGetValue(item.Name, out var reason))
            {
                problems.Add((item.Name, $"entry '{item.Name}' cannot be read ({reason})"));
            }
            else if (!entries.TryGetValue(item.Name, out var data))
            {
                problems.Add((item.Name, $"entry '{item.Name}', which the manifest lists, is missing (the zip's central directory is damaged or the entry was removed)"));
            }
            else if (data.LongLength != item.Size)
            {
                problems.Add((item.Name, $"entry '{item.Name}' is {data.LongLength} bytes, the manifest says {item.Size} (damaged)"));
            }
            else if (!string.Equals(Hash(data), item.Sha256, StringComparison.Ordinal))
            {
                problems.Add((item.Name, $"entry '{item.Name}' does not match its SHA-256 in the manifest (its data is damaged)"));
            }
        }

        var listed = Entries.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in entries.Keys.Concat(unreadable.Keys).Where(n => !listed.Contains(n)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            problems.Add((name, $"entry '{name}' is not in the manifest (the writer did not write it: damaged or altered)"));
        }

        return problems;
    }

    private static CheckpointException Damaged(string path, string what) =>
        new(path, EntryName, $"checkpoint '{path}' does not verify: its entry '{EntryName}' {what}.", CheckpointException.UseAnother);

    private static string DigestOf(int format, IEnumerable<Item> items)
    {
        var text = new StringBuilder().Append("simlap-checkpoint ").Append(format).Append('\n');
        foreach (var item in items)
        {
            text.Append(item.Name).Append('\t').Append(item.Size).Append('\t').Append(item.Sha256).Append('\n');
        }

        return Hash(Encoding.UTF8.GetBytes(text.ToString()));
    }

    private static string Hash(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));
}
