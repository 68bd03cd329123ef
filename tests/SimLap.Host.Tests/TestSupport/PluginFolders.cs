namespace SimLap.Host.Tests;

/// <summary>Copies built plugins into plugin folders (<c>&lt;folder&gt;/&lt;Name&gt;/&lt;Name&gt;.dll</c>) of a test workspace.</summary>
public static class PluginFolders
{
    /// <summary>The build output of a plugin of the solution under tests/plugins/.</summary>
    public static string TestPluginOutput(string name) =>
        Path.Combine(CliRunner.RepoRoot, "tests", "plugins", name, "bin", CliRunner.Configuration, "net10.0");

    /// <summary>Copies the files of <paramref name="source"/> (recursively) into <c>&lt;pluginsFolder&gt;/&lt;name&gt;/</c>, except <paramref name="skip"/>; returns the plugin's DLL.</summary>
    public static string Install(string source, string pluginsFolder, string name, params string[] skip)
    {
        var target = Path.Combine(pluginsFolder, name);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (skip.Contains(relative, StringComparer.Ordinal))
            {
                continue;
            }

            var destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }

        var dll = Path.Combine(target, name + ".dll");
        Assert.True(File.Exists(dll), $"'{source}' holds no {name}.dll; was it built?");
        return dll;
    }

    /// <summary>
    /// The SHA-256 of a plugin folder as docs/plugins.md gives the recipe: sha256sum lines of every file, sorted by
    /// relative path, hashed; <paramref name="dll"/> is the plugin's DLL.
    /// </summary>
    public static string FolderSha256(string dll)
    {
        var folder = Path.GetDirectoryName(dll)!;
        var lines = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .Select(f => $"{Sha256(Path.Combine(folder, f))}  {f}\n");
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Concat(lines))));
    }

    /// <summary>The SHA-256 of a file, lower-case hex.</summary>
    public static string Sha256(string file) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file)));
}
