namespace SimLap.Plugins.Core.Data.Formats;

/// <summary>
/// Lists the images of an image folder: <c>&lt;folder&gt;/&lt;class&gt;/**/*.png|jpg|...</c>, classes being the
/// sorted (ordinal) names of the visible sub-folders. Hidden files and folders (a leading dot) are skipped.
/// </summary>
public static class ImageFolderScanner
{
    /// <summary>The file extensions taken as images (SkiaSharp decodes them).</summary>
    public static readonly IReadOnlySet<string> Extensions =
        new HashSet<string>([".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp"], StringComparer.OrdinalIgnoreCase);

    /// <summary>The class names of <paramref name="folder"/>: its visible sub-folders, sorted.</summary>
    public static IReadOnlyList<string> ClassNames(string folder) =>
        [.. Directory.EnumerateDirectories(folder).Select(Path.GetFileName).OfType<string>().Where(Visible).Order(StringComparer.Ordinal)];

    /// <summary>The images of <paramref name="folder"/> labelled by their class folder's index in <paramref name="classNames"/>.</summary>
    /// <exception cref="InvalidDataException">A class folder is empty, or is not one of <paramref name="classNames"/>.</exception>
    public static ImageFolderListing Labelled(string folder, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        var files = new List<string>();
        var labels = new List<long>();
        var present = ClassNames(folder);
        var unknown = present.Where(name => !classNames.Contains(name)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidDataException(
                $"'{folder}' has class folder(s) {string.Join(", ", unknown.Select(n => $"'{n}'"))} that the training split does not have " +
                $"(its classes: {string.Join(", ", classNames)}); every class must appear in the training split.");
        }

        foreach (var name in present)
        {
            var images = Images(Path.Combine(folder, name));
            if (images.Count == 0)
            {
                throw new InvalidDataException(
                    $"The class folder '{Path.Combine(folder, name)}' holds no images ({string.Join(", ", Extensions.Order())}); add images or remove the folder.");
            }

            var label = IndexOf(classNames, name);
            files.AddRange(images);
            labels.AddRange(Enumerable.Repeat(label, images.Count));
        }

        return new ImageFolderListing(files, labels);
    }

    /// <summary>Every image under <paramref name="folder"/>, at any depth, without labels.</summary>
    public static ImageFolderListing Unlabelled(string folder) => new(Images(folder), null);

    private static List<string> Images(string folder) =>
    [
        .. Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false, AttributesToSkip = FileAttributes.Hidden })
            .Where(path => Extensions.Contains(Path.GetExtension(path)) && Path.GetRelativePath(folder, path).Split(Path.DirectorySeparatorChar).All(Visible))
            .Order(StringComparer.Ordinal),
    ];

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
