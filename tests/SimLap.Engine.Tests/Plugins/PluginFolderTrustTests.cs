using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using SimLap.Engine.Plugins;
using SimLap.Engine.Tests.TestSupport;

namespace SimLap.Engine.Tests.Plugins;

/// <summary>The folder hash (its documented coreutils recipe), and the refusal of plugin folders other users could change.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PluginFolderTrustTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void TheFolderHashIsTheDocumentedSha256sumRecipeOverEveryFileHiddenNestedAndLinkedOnesToo()
    {
        var plugin = folder.Combine("Acme");
        Write("Acme/Acme.dll", "main");
        Write("Acme/Acme.deps.json", "{}");
        Write("Acme/.hidden", "h");
        Write("Acme/runtimes/linux-x64/native/libacme.so", "native");
        Write("Acme/a-b", "dash sorts before dot and slash");
        Write("outside.txt", "linked");
        File.CreateSymbolicLink(Path.Combine(plugin, "linked.txt"), folder.Combine("outside.txt"));

        var manifest = PluginManifest.Compute(PluginFolderWalk.Of(plugin));
        var expected = Shell($"cd '{plugin}' && find -L . -type f -printf '%P\\0' | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum");

        Assert.Equal(expected.Split(' ')[0], manifest.Sha256);
        Assert.Equal([".hidden", "Acme.deps.json", "Acme.dll", "a-b", "linked.txt", "runtimes/linux-x64/native/libacme.so"], manifest.Files.Select(f => f.Path));
        Assert.Equal("ok\n", Shell($"cd '{plugin}' && sha256sum -c --quiet - <<'END'\n{manifest.Text}END\necho ok"));
    }

    [Fact]
    public void ADanglingLinkInAPluginFolderIsNamedWithItsTarget()
    {
        Write("Acme/Acme.dll", "main");
        File.CreateSymbolicLink(folder.Combine("Acme", "gone.dll"), folder.Combine("nowhere.dll"));

        var error = Assert.Throws<IOException>(() => PluginFolderWalk.Of(folder.Combine("Acme")));

        Assert.Equal($"'{folder.Combine("Acme", "gone.dll")}' is a symbolic link to '{folder.Combine("nowhere.dll")}', which does not exist; remove it or restore its target.", error.Message);
    }

    [Fact]
    public void AWorldWritablePluginFolderIsNotLoadedUnlessAllowedAndTheReasonSaysWhy()
    {
        var copy = CopyCorePlugin();
        var pluginFolder = Path.GetDirectoryName(copy)!;
        File.SetUnixFileMode(pluginFolder, (UnixFileMode)0x1ff);

        var refused = PluginLoading.Load([copy], NullLogger.Instance);
        var allowed = PluginLoading.Load([copy], NullLogger.Instance, allowWritable: true);

        var failure = Assert.Single(refused.Failures);
        Assert.Empty(refused.Plugins);
        Assert.StartsWith($"another user could replace code that would run as you: '{pluginFolder}' is writable by every user (mode 0777).", failure.Reason, StringComparison.Ordinal);
        Assert.Contains("plugins.allow_writable: true", failure.Reason, StringComparison.Ordinal);
        Assert.Equal("SimLap.Plugins.Core", Assert.Single(allowed.Plugins).Name);
    }

    [Fact]
    public void AWritableFileInsideThePluginFolderRefusesThePlugin()
    {
        var copy = CopyCorePlugin();
        var deps = Path.ChangeExtension(copy, ".deps.json");
        File.SetUnixFileMode(deps, (UnixFileMode)0x1b6);

        var failure = Assert.Single(PluginLoading.Load([copy], NullLogger.Instance).Failures);

        Assert.Contains($"'{deps}' is writable by every user (mode 0666)", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void FilesOwnedByAnotherUserAreRefusedButRootAndOnesOwnAreNotNorOnesPrivateGroupWriting()
    {
        const UnixFileMode Mode = (UnixFileMode)0x1a4;

        Assert.Equal("'/p/x.dll' is owned by user 1001, who is neither you (user 1000) nor root", PluginPermissions.Judge("/p/x.dll", Mode, 1001, 1000));
        Assert.Null(PluginPermissions.Judge("/p/x.dll", Mode, 0, 1000));
        Assert.Null(PluginPermissions.Judge("/p/x.dll", Mode, 1000, 1000));
        Assert.Null(PluginPermissions.Judge(folder.Path, Mode, null, 1000));
        Assert.Equal("'/p/x.dll' is writable by its group (mode 0664)", PluginPermissions.Judge("/p/x.dll", (UnixFileMode)0x1b4, 1000, 1000));
        Assert.Null(PluginPermissions.Judge("/p/x.dll", (UnixFileMode)0x1b4, 1000, 1000, privateGroup: true));
        Assert.Equal("'/p/x.dll' is writable by every user (mode 0666)", PluginPermissions.Judge("/p/x.dll", (UnixFileMode)0x1b6, 1000, 1000, privateGroup: true));
    }

    private string CopyCorePlugin()
    {
        var source = Path.GetDirectoryName(RealPlugins.CorePluginPath)!;
        var target = folder.Combine("plugins", "SimLap.Plugins.Core");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return Path.Combine(target, "SimLap.Plugins.Core.dll");
    }

    private void Write(string relative, string text)
    {
        var path = folder.Combine(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private static string Shell(string script)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", ["-c", script]) { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
