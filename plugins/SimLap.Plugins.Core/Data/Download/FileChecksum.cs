using System.Security.Cryptography;

namespace SimLap.Plugins.Core.Data.Download;

/// <summary>A file's expected digest, as lower-case hex.</summary>
/// <param name="Algorithm">The digest algorithm.</param>
/// <param name="Hex">The expected digest in hex (any case).</param>
public sealed record FileChecksum(ChecksumAlgorithm Algorithm, string Hex)
{
    /// <summary>An MD5 checksum.</summary>
    public static FileChecksum Md5(string hex) => new(ChecksumAlgorithm.Md5, hex);

    /// <summary>A SHA-256 checksum.</summary>
    public static FileChecksum Sha256(string hex) => new(ChecksumAlgorithm.Sha256, hex);

    /// <summary>The algorithm's usual name (MD5, SHA-256).</summary>
    public string AlgorithmName => Algorithm == ChecksumAlgorithm.Md5 ? "MD5" : "SHA-256";

    /// <summary>The digest of the file at <paramref name="path"/>, lower-case hex.</summary>
    public string Compute(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        var digest = Algorithm == ChecksumAlgorithm.Md5 ? MD5.HashData(stream) : SHA256.HashData(stream);
        return Convert.ToHexStringLower(digest);
    }

    /// <summary>True when the file's digest is the expected one.</summary>
    public bool Matches(string path, out string found)
    {
        found = Compute(path);
        return string.Equals(found, Hex, StringComparison.OrdinalIgnoreCase);
    }
}
