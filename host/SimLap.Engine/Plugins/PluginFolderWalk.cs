namespace SimLap.Engine.Plugins;

/// <summary>
/// The files and folders of a plugin folder, at any depth and hidden ones included, symbolic links followed (a folder
/// reached twice, as through a link loop, is read once). These are what a plugin can load: its assemblies, native
/// libraries, deps.json and runtimeconfig.
/// </summary>
public sealed class PluginFolderWalk
{
    private PluginFolderWalk(string root, List<(string RelativePath, string FullPath)> files, List<string> directories)
    {
        Root = root;
        Files = files;
        Directories = directories;
    }

    /// <summary>The plugin folder.</summary>
    public string Root { get; }

    /// <summary>Each file: its path relative to <see cref="Root"/> (<c>/</c>-separated) and the real file it is.</summary>
    public IReadOnlyList<(string RelativePath, string FullPath)> Files { get; }

    /// <summary>The real folders read, <see cref="Root"/> first.</summary>
    public IReadOnlyList<string> Directories { get; }

    /// <summary>Lists <paramref name="root"/>.</summary>
    /// <exception cref="IOException">A symbolic link leads nowhere, or a folder cannot be read.</exception>
    public static PluginFolderWalk Of(string root)
    {
        var files = new List<(string, string)>();
        var directories = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<(string Relative, string Path)>();
        pending.Push(("", root));
        while (pending.TryPop(out var folder))
        {
            var real = RealPath(folder.Path);
            if (!seen.Add(real))
            {
                continue;
            }

            directories.Add(real);
            foreach (var entry in Directory.EnumerateFileSystemEntries(folder.Path).Order(StringComparer.Ordinal).Reverse())
            {
                var relative = folder.Relative + Path.GetFileName(entry);
                if (DanglingTarget(entry) is { } target)
                {
                    throw new IOException($"'{entry}' is a symbolic link to '{target}', which does not exist; remove it or restore its target.");
                }

                if (Directory.Exists(entry))
                {
                    pending.Push((relative + "/", entry));
                }
                else
                {
                    files.Add((relative, RealPath(entry)));
                }
            }
        }

        return new PluginFolderWalk(root, files, directories);
    }

    /// <summary>The target a symbolic link names when that target does not exist; null for anything else.</summary>
    public static string? DanglingTarget(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not { } target)
        {
            return null;
        }

        var final = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName;
        return final is not null && (File.Exists(final) || Directory.Exists(final)) ? null : target;
    }

    /// <summary>The path with every symbolic link resolved (the path itself when it is none).</summary>
    public static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var parent = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(full));
        var resolvedParent = parent is null ? null : RealPath(parent);
        var here = resolvedParent is null ? full : Path.Combine(resolvedParent, Path.GetFileName(Path.TrimEndingDirectorySeparator(full)));
        FileSystemInfo info = Directory.Exists(here) ? new DirectoryInfo(here) : new FileInfo(here);
        if (info.LinkTarget is null || info.ResolveLinkTarget(returnFinalTarget: true)?.FullName is not { } target || target == here)
        {
            return here;
        }

        // The target's own folders may be links too.
        return RealPath(target);
    }
}
