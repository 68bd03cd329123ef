namespace SimLap.Plugins.Core.Data.Formats;

/// <summary>
/// Lists the image files under folders of one data set root, following symbolic links only while they stay inside
/// that root, and reading each real folder once: a link loop (<c>cat/loop -&gt; ..</c>) or a link to a folder already
/// read (another class's) is skipped with a warning, so no image is listed twice or under another class. A link that
/// leads out of the root, or to nothing, is an error naming it and its target.
/// </summary>
public sealed class ImageFolderWalk
{
    private readonly string root;
    private readonly string realRoot;
    private readonly HashSet<string> read = new(StringComparer.Ordinal);
    private readonly List<string> warnings = [];

    /// <summary>Creates a walk confined to <paramref name="root"/>.</summary>
    public ImageFolderWalk(string root)
    {
        this.root = Path.GetFullPath(root);
        realRoot = RealPath(this.root);
    }

    /// <summary>What was skipped and why, one sentence each.</summary>
    public IReadOnlyList<string> Warnings => warnings;

    /// <summary>Marks <paramref name="folders"/> as read by someone else (the split folder, the other classes' folders), so no link leads into them.</summary>
    /// <exception cref="InvalidDataException">A folder is a link out of the root.</exception>
    public void Claim(IEnumerable<string> folders)
    {
        foreach (var folder in folders)
        {
            this.read.Add(Confined(folder));
        }
    }

    /// <summary>The image files under <paramref name="folder"/> (at any depth; hidden names skipped), sorted by path.</summary>
    /// <exception cref="InvalidDataException">A link leads out of the root or to nothing, with an image's name.</exception>
    public List<string> Images(string folder, IReadOnlySet<string> extensions)
    {
        var images = new List<string>();
        var pending = new Stack<string>();
        this.read.Add(Confined(folder));
        pending.Push(folder);
        while (pending.TryPop(out var current))
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(current).Where(e => !Path.GetFileName(e).StartsWith('.')))
            {
                Visit(entry, extensions, pending, images);
            }
        }

        images.Sort(StringComparer.Ordinal);
        return images;
    }

    /// <summary>Lists <paramref name="entry"/> if it is an image, queues it if it is a folder not read yet, and skips (or refuses) a dangling link.</summary>
    private void Visit(string entry, IReadOnlySet<string> extensions, Stack<string> pending, List<string> images)
    {
        var isImage = extensions.Contains(Path.GetExtension(entry));
        if (Dangling(entry) is { } target)
        {
            var problem = $"'{entry}' is a symbolic link to '{target}', which does not exist";
            _ = isImage ? throw new InvalidDataException(problem + "; restore its target or remove the link.") : Warn(problem + "; it was skipped.");
            return;
        }

        if (!Directory.Exists(entry))
        {
            if (isImage)
            {
                Confined(entry);
                images.Add(entry);
            }

            return;
        }

        if (this.read.Add(Confined(entry)))
        {
            pending.Push(entry);
        }
        else
        {
            Warn($"'{entry}' leads to the folder '{RealPath(entry)}', which is read once already (a symbolic link loop, or a link to another class's folder); it was skipped.");
        }
    }

    /// <summary>The target a symbolic link names when that target does not exist; null for anything else.</summary>
    public static string? Dangling(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not { } target)
        {
            return null;
        }

        try
        {
            var final = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName;
            return final is not null && (File.Exists(final) || Directory.Exists(final)) ? null : target;
        }
        catch (IOException e)
        {
            throw new InvalidDataException($"'{path}' is a symbolic link to '{target}' that cannot be followed ({e.Message}); fix or remove it.", e);
        }
    }

    /// <summary>The path with every symbolic link resolved.</summary>
    public static string RealPath(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var parent = Path.GetDirectoryName(full);
        var here = parent is null ? full : Path.Combine(RealPath(parent), Path.GetFileName(full));
        FileSystemInfo info = Directory.Exists(here) ? new DirectoryInfo(here) : new FileInfo(here);
        if (info.LinkTarget is null || info.ResolveLinkTarget(returnFinalTarget: true)?.FullName is not { } target || target == here)
        {
            return here;
        }

        // The target's own folders may be links too.
        return RealPath(target);
    }

    private string Confined(string path)
    {
        var real = RealPath(path);
        if (real != realRoot && !real.StartsWith(realRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            var how = new FileInfo(path).LinkTarget is { } link ? $"is a symbolic link to '{link}', which leads to" : "leads to";
            throw new InvalidDataException(
                $"'{path}' {how} '{real}', outside the data set's root '{this.root}'. image-folder reads only what lies under its root, so that a " +
                "stray link cannot pull in other images: copy the files in, or set data.root to a folder that holds both (with data.train_split/test_split relative to it).");
        }

        return real;
    }

    private bool Warn(string message)
    {
        warnings.Add(message);
        return true;
    }
}
