namespace SimLap.Plugins.Core.Data.Formats;

/// <summary>
/// Lists the images of an image folder: <c>&lt;folder&gt;/&lt;class&gt;/**/*.png|jpg|...</c>, classes being the
/// sorted (ordinal) names of the visible sub-folders. Hidden files and folders (a leading dot) are skipped. Symbolic
/// links are followed only inside the data set's root, and each real folder is read once (see <see cref="ImageFolderWalk"/>).
/// </summary>
public static class ImageFolderScanner
{
    /// <summary>The file extensions taken as images (SkiaSharp decodes them).</summary>
    public static readonly IReadOnlySet<string> Extensions =
        new HashSet<string>([".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp"], StringComparer.OrdinalIgnoreCase);

    /// <summary>The class names of <paramref name="folder"/>: its visible sub-folders, sorted.</summary>
    /// <exception cref="InvalidDataException">An entry is a symbolic link to nothing (a class folder that went missing?).</exception>
    public static IReadOnlyList<string> ClassNames(string folder)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(folder).Where(e => Visible(Path.GetFileName(e))))
        {
            if (ImageFolderWalk.Dangling(entry) is { } target)
            {
                throw new InvalidDataException($"'{entry}' is a symbolic link to '{target}', which does not exist; restore its target or remove the link.");
            }
        }

        return [.. Directory.EnumerateDirectories(folder).Select(Path.GetFileName).OfType<string>().Where(Visible).Order(StringComparer.Ordinal)];
    }

    /// <summary>The images of <paramref name="folder"/> labelled by their class folder's index in <paramref name="classNames"/>.</summary>
    /// <exception cref="InvalidDataException">A class folder is empty, or is not one of <paramref name="classNames"/>.</exception>
    public static ImageFolderListing Labelled(string folder, IReadOnlyList<string> classNames) => Labelled(folder, classNames, folder);

    /// <summary>The images of <paramref name="folder"/> labelled by their class folder's index in <paramref name="classNames"/>, reading nothing outside <paramref name="root"/>.</summary>
    /// <exception cref="InvalidDataException">A class folder is empty, or is not one of <paramref name="classNames"/>, or a link leads out of the root or to nothing.</exception>
    public static ImageFolderListing Labelled(string folder, IReadOnlyList<string> classNames, string root)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        var walk = new ImageFolderWalk(root);
        var files = new List<string>();
        var labels = new List<long>();
        var present = ClassNames(folder);
        RequireKnown(folder, present, classNames);
        // The split folder and every class folder are read by their own names only: a link into one of them is skipped.
        walk.Claim([folder, .. present.Select(name => Path.Combine(folder, name))]);
        foreach (var name in present)
        {
            var images = walk.Images(Path.Combine(folder, name), Extensions);
            if (images.Count == 0)
            {
                throw EmptyClass(Path.Combine(folder, name));
            }

            var label = IndexOf(classNames, name);
            files.AddRange(images);
            labels.AddRange(Enumerable.Repeat(label, images.Count));
        }

        return new ImageFolderListing(files, labels) { Warnings = walk.Warnings };
    }

    /// <summary>Every image under <paramref name="folder"/>, at any depth, without labels, reading nothing outside <paramref name="root"/>.</summary>
    /// <exception cref="InvalidDataException">A link leads out of the root or to nothing.</exception>
    public static ImageFolderListing Unlabelled(string folder, string? root = null)
    {
        var walk = new ImageFolderWalk(root ?? folder);
        return new ImageFolderListing(walk.Images(folder, Extensions), null) { Warnings = walk.Warnings };
    }

    /// <summary>The class folders of <paramref name="folder"/>, each one of <paramref name="classNames"/> (for a cheap check: nothing is listed inside them).</summary>
    /// <exception cref="InvalidDataException">A class folder is not one of <paramref name="classNames"/>, or an entry is a dangling link.</exception>
    public static IReadOnlyList<string> KnownClassFolders(string folder, IReadOnlyList<string> classNames)
    {
        var present = ClassNames(folder);
        RequireKnown(folder, present, classNames);
        return [.. present.Select(name => Path.Combine(folder, name))];
    }

    /// <summary>
    /// One image of <paramref name="folder"/> without listing it all: the first image file directly in it, else the first
    /// at any depth (reading nothing outside <paramref name="root"/>); null when it holds none.
    /// </summary>
    public static string? FirstImage(string folder, string root) =>
        Directory.EnumerateFiles(folder).Where(f => Visible(Path.GetFileName(f)) && Extensions.Contains(Path.GetExtension(f))).Order(StringComparer.Ordinal).FirstOrDefault()
        ?? new ImageFolderWalk(root).Images(folder, Extensions).FirstOrDefault();

    /// <summary>The error for a class folder without images.</summary>
    public static InvalidDataException EmptyClass(string classFolder) =>
        new($"The class folder '{classFolder}' holds no images ({string.Join(", ", Extensions.Order())}); add images or remove the folder.");

    private static void RequireKnown(string folder, IReadOnlyList<string> present, IReadOnlyList<string> classNames)
    {
        var unknown = present.Where(name => !classNames.Contains(name)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidDataException(
                $"'{folder}' has class folder(s) {string.Join(", ", unknown.Select(n => $"'{n}'"))} that the training split does not have " +
                $"(its classes: {string.Join(", ", classNames)}); every class must appear in the training split.");
        }
    }

    private static bool Visible(string name) => !name.StartsWith('.');

    private static long IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }

        return -1;
    }
}
