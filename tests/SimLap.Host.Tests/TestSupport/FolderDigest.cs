using System.Security.Cryptography;

namespace SimLap.Host.Tests;

/// <summary>Every file below a folder with its SHA-256, to prove that a refused command changed nothing.</summary>
public static class FolderDigest
{
    /// <summary>"relative/path HEX" for every file, in ordinal order.</summary>
    public static List<string> Of(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => $"{Path.GetRelativePath(folder, f)} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))}")
            .ToList();
}
