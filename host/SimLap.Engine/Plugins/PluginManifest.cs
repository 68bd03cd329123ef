using System.Security.Cryptography;
using System.Text;

namespace SimLap.Engine.Plugins;

/// <summary>
/// Every file of a plugin folder with its SHA-256, and the folder's hash that <c>plugins.pin</c> holds. The recipe,
/// reproducible with coreutils: list every file under the folder (at any depth, hidden ones too, symbolic links
/// followed), as paths relative to it with <c>/</c> separators, sorted by their UTF-8 bytes; write one line per file
/// as <c>sha256sum</c> does, <c>&lt;sha-256 hex&gt;␣␣&lt;relative path&gt;\n</c>; the folder's hash is the SHA-256 of
/// those lines:
/// <c>cd FOLDER &amp;&amp; find -L . -type f -printf '%P\0' | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum</c>.
/// </summary>
public sealed class PluginManifest
{
    private static readonly UTF8Encoding Utf8 = new(false);

    /// <summary>Creates a manifest of <paramref name="files"/> (relative path, SHA-256), in any order.</summary>
    public PluginManifest(string folder, IEnumerable<(string Path, string Sha256)> files)
    {
        Folder = folder;
        Files = [.. files.OrderBy(f => Utf8.GetBytes(f.Path), ByteOrder.Instance)];
        Text = string.Concat(Files.Select(f => $"{f.Sha256}  {f.Path}\n"));
        Sha256 = Convert.ToHexStringLower(SHA256.HashData(Utf8.GetBytes(Text)));
    }

    /// <summary>The plugin folder (or the manifest file it was read from).</summary>
    public string Folder { get; }

    /// <summary>Each file's path relative to the folder (<c>/</c>-separated) and SHA-256, sorted by the path's UTF-8 bytes.</summary>
    public IReadOnlyList<(string Path, string Sha256)> Files { get; }

    /// <summary>The manifest as <c>sha256sum</c> writes it: one <c>&lt;hash&gt;␣␣&lt;path&gt;</c> line per file (<c>sha256sum -c</c> checks it).</summary>
    public string Text { get; }

    /// <summary>The folder's hash: the SHA-256 of <see cref="Text"/>, lower-case hex.</summary>
    public string Sha256 { get; }

    /// <summary>Hashes every file of <paramref name="folder"/> (see <see cref="PluginFolderWalk"/> for what is listed).</summary>
    /// <exception cref="IOException">A file cannot be read, or a symbolic link leads nowhere.</exception>
    public static PluginManifest Compute(PluginFolderWalk walk) =>
        new(walk.Root, walk.Files.Select(f => (f.RelativePath, HashFile(f.FullPath))));

    /// <summary>Reads a manifest written by <c>simlap plugins --manifest</c> or <c>sha256sum</c> (a <c>*</c> before the path is allowed).</summary>
    /// <exception cref="FormatException">A line is not <c>&lt;64 hex digits&gt;␣␣&lt;path&gt;</c>; the message names the line.</exception>
    public static PluginManifest Parse(string text, string source)
    {
        var files = new List<(string, string)>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }

            var hash = lines[i].Length > 66 ? PluginSettings.NormalizeHash(lines[i][..64]) : null;
            if (hash is null || lines[i][64] != ' ' || (lines[i][65] != ' ' && lines[i][65] != '*'))
            {
                throw new FormatException($"{source}:{i + 1}: expected '<sha-256>  <relative path>' as sha256sum writes it (simlap plugins --manifest <plugin> prints the lines); found '{lines[i]}'.");
            }

            files.Add((lines[i][66..], hash));
        }

        return new PluginManifest(source, files);
    }

    /// <summary>What differs from <paramref name="expected"/>: the files changed, added and removed, by relative path.</summary>
    public string Differences(PluginManifest expected)
    {
        var before = expected.Files.ToDictionary(f => f.Path, f => f.Sha256, StringComparer.Ordinal);
        var now = Files.ToDictionary(f => f.Path, f => f.Sha256, StringComparer.Ordinal);
        var changed = Files.Where(f => before.TryGetValue(f.Path, out var old) && old != f.Sha256).Select(f => f.Path).ToList();
        var added = Files.Where(f => !before.ContainsKey(f.Path)).Select(f => f.Path).ToList();
        var removed = expected.Files.Where(f => !now.ContainsKey(f.Path)).Select(f => f.Path).ToList();
        var parts = new List<string>();
        Describe(parts, "changed", changed);
        Describe(parts, "added", added);
        Describe(parts, "removed", removed);
        return string.Join("; ", parts);
    }

    private static void Describe(List<string> parts, string what, List<string> paths)
    {
        if (paths.Count > 0)
        {
            parts.Add($"{what} {string.Join(", ", paths)}");
        }
    }

    private static string HashFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Byte-wise ordinal order, as <c>LC_ALL=C sort</c> sorts.</summary>
    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y.AsSpan());
    }
}
