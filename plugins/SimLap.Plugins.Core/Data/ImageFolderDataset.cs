using Microsoft.Extensions.Logging;
using SimLap.Contracts.Components;
using SimLap.Contracts.Data;
using SimLap.Plugins.Core.Data.Download;
using SimLap.Plugins.Core.Data.Formats;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Data;

/// <summary>
/// Images from folders: <c>&lt;root&gt;/&lt;split&gt;/&lt;class&gt;/*.png|jpg|...</c>, classes being the sorted sub-folder names of
/// the training split; with <c>label_free: true</c> images may sit anywhere under the split folder and no class folders are
/// needed. Decoded with SkiaSharp (in parallel), centre-cropped to a square and resized to <c>image_size</c>: once into
/// memory, or, for a split larger than <c>memory_limit_mb</c> (or with <c>storage: stream</c>), from disk per batch
/// through a bounded cache.
/// </summary>
[SimLapComponent("image-folder", Description = "Your images: root/<split>/<class>/*.png|jpg, resized to image_size (label_free: no classes needed).")]
public sealed class ImageFolderDataset : FileImageDataset
{
    private const string FolderName = "image-folder";

    private readonly ImageFolderOptions options;
    private readonly IReadOnlyList<string> classNames;

    /// <summary>Creates the data set; the class names are read from the training split's folder now, the images when a split is loaded.</summary>
    public ImageFolderDataset(ImageFolderOptions options, ComponentContext context)
        : this(options, context, ReadClassNames(options))
    {
    }

    private ImageFolderDataset(ImageFolderOptions options, ComponentContext context, IReadOnlyList<string> classNames)
        : base(options, context, new DatasetInfo(FolderName, options.Channels, options.ImageSize, options.ImageSize, classNames), FolderName)
    {
        this.options = options;
        this.classNames = classNames;
    }

    /// <inheritdoc />
    /// <remarks>The split folder, its class folders, and the header of one image in each (never every image).</remarks>
    protected override void CheckSplit(DatasetSplit split)
    {
        var folder = RequireSplitFolder(split);
        var root = DataRoot.Resolve(this.options.Root, FolderName);
        var folders = this.options.LabelFree ? [folder] : ImageFolderScanner.KnownClassFolders(folder, this.classNames);
        if (folders.Count == 0)
        {
            throw NoImages(folder);
        }

        foreach (var classFolder in folders)
        {
            var image = ImageFolderScanner.FirstImage(classFolder, root)
                ?? throw (this.options.LabelFree ? NoImages(folder) : ImageFolderScanner.EmptyClass(classFolder));
            SkiaImageDecoder.CheckHeader(image, this.options.ImageSize);
        }
    }

    /// <inheritdoc />
    protected override ImageSet ReadSplit(DatasetSplit split)
    {
        var (folder, listing) = List(split);
        foreach (var warning in listing.Warnings)
        {
            Logger.LogWarning("{Warning}", warning);
        }

        if (listing.Files.Count == 0)
        {
            throw NoImages(folder);
        }

        var labels = LabelTensor(listing);
        var imageBytes = (long)this.options.Channels * this.options.ImageSize * this.options.ImageSize;
        var decodedMb = listing.Files.Count * imageBytes / (1024.0 * 1024.0);
        if (this.options.Storage == ImageStorage.Memory || (this.options.Storage == ImageStorage.Auto && decodedMb <= this.options.MemoryLimitMb))
        {
            return new ImageSet(ImageFileDecoder.Decode(listing.Files, this.options.ImageSize, this.options.Channels), labels);
        }

        var cachedImages = (int)Math.Min(listing.Files.Count, this.options.CacheMb * 1024L * 1024L / imageBytes);
        Logger.LogInformation(
            "Streaming {Count} images of '{Folder}' from disk ({DecodedMb:F0} MiB decoded; storage {Storage}, memory_limit_mb {Limit}), caching up to {Cached} decoded images ({CacheMb} MiB).",
            listing.Files.Count, folder, decodedMb, this.options.Storage.ToString().ToLowerInvariant(), this.options.MemoryLimitMb, cachedImages, this.options.CacheMb);
        return new ImageSet(new StreamedImageFolder(listing.Files, this.options.ImageSize, this.options.Channels, cachedImages), labels);
    }

    /// <inheritdoc />
    /// <remarks>The training split's file listing (names only, no image read).</remarks>
    protected override (long Count, Tensor? Labels)? ReadTrainingLabels()
    {
        var (folder, listing) = List(DatasetSplit.Train);
        if (listing.Files.Count == 0)
        {
            throw NoImages(folder);
        }

        return (listing.Files.Count, LabelTensor(listing));
    }

    /// <summary>The listing's labels as int64 [N], or null when it is label-free.</summary>
    private static Tensor? LabelTensor(ImageFolderListing listing) =>
        listing.Labels is null ? null : tensor(listing.Labels.ToArray(), dtype: ScalarType.Int64);

    /// <summary>The split's folder and its image files, with their labels unless the data is label-free.</summary>
    private (string Folder, ImageFolderListing Listing) List(DatasetSplit split)
    {
        var folder = RequireSplitFolder(split);
        var root = DataRoot.Resolve(this.options.Root, FolderName);
        return (folder, this.options.LabelFree ? ImageFolderScanner.Unlabelled(folder, root) : ImageFolderScanner.Labelled(folder, this.classNames, root));
    }

    /// <inheritdoc />
    /// <remarks>The images under the training and test split folders (a folder read by both counts once).</remarks>
    protected override IEnumerable<string> DescribedFiles() =>
        new[] { DatasetSplit.Train, DatasetSplit.Test }
            .Select(split => SplitFolder(this.options, split))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            .Where(file => ImageFolderScanner.Extensions.Contains(Path.GetExtension(file).ToLowerInvariant()))
            .Distinct(StringComparer.Ordinal);

    /// <inheritdoc />
    /// <remarks>Also the decoded size and channels, and which folders are the splits.</remarks>
    protected override Dictionary<string, string> DescribedSettings()
    {
        var settings = base.DescribedSettings();
        settings["image_size"] = this.options.ImageSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["channels"] = this.options.Channels.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["train_split"] = this.options.TrainSplit;
        settings["test_split"] = this.options.TestSplit;
        return settings;
    }

    private static InvalidDataException NoImages(string folder) =>
        new($"'{folder}' holds no images ({string.Join(", ", ImageFolderScanner.Extensions.Order())}).");

    /// <summary>The split's folder, which must exist and be a folder.</summary>
    private string RequireSplitFolder(DatasetSplit split)
    {
        var folder = SplitFolder(this.options, split);
        RequireNotFile(folder);
        if (!Directory.Exists(folder))
        {
            throw new InvalidOperationException(split == DatasetSplit.Train
                ? MissingTrainMessage(this.options)
                : $"The image-folder test split '{folder}' does not exist. Put the test images there (one sub-folder per class, named as in the training split), " +
                  "set data.test_split to the folder that holds them, or evaluate on a validation split carved out of the training images " +
                  "(data.validation_fraction: 0.1 and data.evaluate_on: validation).");
        }

        return folder;
    }

    private static IReadOnlyList<string> ReadClassNames(ImageFolderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.LabelFree)
        {
            return [];
        }

        var folder = SplitFolder(options, DatasetSplit.Train);
        RequireNotFile(folder);
        if (!Directory.Exists(folder))
        {
            throw new InvalidOperationException(MissingTrainMessage(options));
        }

        var names = ImageFolderScanner.ClassNames(folder);
        if (names.Count == 0)
        {
            throw new InvalidOperationException(
                $"'{folder}' has no class sub-folders: put each class's images in a sub-folder named after the class " +
                $"('{Path.Combine(folder, "cat", "0001.png")}', ...), or set data.label_free: true to use the images without labels.");
        }

        return names;
    }

    /// <summary>A split folder (or the root) that is a file or a dangling link gets its own message, not "does not exist".</summary>
    private static void RequireNotFile(string folder)
    {
        if (ImageFolderWalk.Dangling(folder) is { } target)
        {
            throw new InvalidOperationException($"'{folder}' is a symbolic link to '{target}', which does not exist; restore its target, or set data.root (and data.train_split/test_split) to where the images are.");
        }

        if (File.Exists(folder))
        {
            throw new InvalidOperationException($"'{folder}' is a file where image-folder expects a folder (of class sub-folders holding the images); set data.root (and data.train_split/test_split) to the folder that holds them.");
        }
    }

    private static string SplitFolder(ImageFolderOptions options, DatasetSplit split)
    {
        var root = DataRoot.Resolve(options.Root, FolderName);
        var sub = split == DatasetSplit.Train ? options.TrainSplit : options.TestSplit;
        return string.IsNullOrWhiteSpace(sub) || sub == "." ? root : Path.GetFullPath(Path.Combine(root, sub));
    }

    private static string MissingTrainMessage(ImageFolderOptions options) =>
        $"The image-folder training split '{SplitFolder(options, DatasetSplit.Train)}' does not exist. Put the images in " +
        $"'<root>/{options.TrainSplit}/<class>/*.png' (or .jpg), one sub-folder per class, and set data.root to that root " +
        $"(empty: ${DataRoot.Variable}/{FolderName}, else ~/.simlap/data/{FolderName}); set data.train_split: \"\" when the class folders sit directly in root.";
}
