using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SimLap.Contracts.Data;

namespace SimLap.Engine.Running;

/// <summary>
/// The digest of a data set, as its run inputs carry it: 16 hex characters of a SHA-256 over the declared settings
/// (sorted by key) and files (sorted by their path relative to the source folder, each with its size, then its bytes,
/// read in 1 MiB blocks so a large folder never sits in memory). Same settings and same bytes give the same digest,
/// wherever the files are; a changed byte, size, file name or setting gives another. About 0.1 s for Fashion-MNIST's
/// 30 MB.
/// </summary>
public static class DatasetDigest
{
    /// <summary>The digest's length in hex characters (MLflow's own are 8 or more; it stores up to 36).</summary>
    public const int Length = 16;

    private const int BlockSize = 1 << 20;

    /// <summary>The digest of what <paramref name="description"/> declares.</summary>
    /// <exception cref="IOException">A declared file cannot be read.</exception>
    public static string Compute(DatasetDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, "simlap-dataset-digest/1\n");
        foreach (var (key, value) in description.Settings.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            // Lengths first, so no two different settings lists write the same bytes.
            Append(hash, $"setting {key.Length}:{key}={value.Length}:{value}\n");
        }

        var buffer = ArrayPool<byte>.Shared.Rent(BlockSize);
        try
        {
            foreach (var (name, path) in RelativeFiles(description).OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                AppendFile(hash, name, path, buffer);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..Length];
    }

    private static IEnumerable<(string Name, string Path)> RelativeFiles(DatasetDescription description)
    {
        var root = description.SourceType == "local" && description.Source.Length > 0 ? Path.GetFullPath(description.Source) : null;
        foreach (var file in description.Files.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal))
        {
            var relative = root is null ? Path.GetFileName(file) : Path.GetRelativePath(root, file);
            var name = relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? Path.GetFileName(file) : relative;
            yield return (name.Replace(Path.DirectorySeparatorChar, '/'), file);
        }
    }

    private static void AppendFile(IncrementalHash hash, string name, string path, byte[] buffer)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        Append(hash, $"file {name.Length}:{name} {stream.Length.ToString(CultureInfo.InvariantCulture)}\n");
        int read;
        while ((read = stream.Read(buffer, 0, BlockSize)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }
    }

    private static void Append(IncrementalHash hash, string text) => hash.AppendData(Encoding.UTF8.GetBytes(text));
}
