using Microsoft.Extensions.Logging;
using SimLap.Contracts.Components;
using SimLap.Contracts.Data;
using SimLap.Plugins.Core.Data.Download;
using SimLap.Plugins.Core.Data.Formats;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Data;

/// <summary>
/// STL-10 from its official binary distribution: 96x96 RGB images of ten classes, 5,000 labelled training images,
/// 8,000 test images and 100,000 unlabelled images for self-supervised pre-training (label-free when trained on).
/// </summary>
[SimLapComponent("stl10", Description = "STL-10, official binary files (96x96 RGB, 10 classes, plus 100,000 unlabelled images).")]
public sealed class Stl10Dataset : FileImageDataset, ILabelledReference
{
    /// <summary>The official binary archive and where it extracts to.</summary>
    public static readonly DataSource Source = new(
        "stl10",
        "http://ai.stanford.edu/~acoates/stl10/",
        [new RemoteFile("stl10_binary.tar.gz", FileChecksum.Md5("91f7769df0f17e558f3565bffb0c7dfb"))],
        "stl10_binary");

    /// <summary>The class names, in label order (the files' labels 1..10 become 0..9).</summary>
    public static readonly IReadOnlyList<string> ClassNames =
        ["airplane", "bird", "car", "cat", "deer", "dog", "horse", "monkey", "ship", "truck"];

    private readonly Stl10Options options;

    /// <summary>Creates the data set; files are read (and downloaded) when a split is loaded.</summary>
    public Stl10Dataset(Stl10Options options, ComponentContext context)
        : base(options, context, new DatasetInfo("stl10", 3, 96, 96, ClassNames), Source.Name) =>
        this.options = options;

    /// <inheritdoc />
    protected override ImageSet ReadSplit(DatasetSplit split) =>
        (split == DatasetSplit.Train ? this.options.TrainSplit : this.options.TestSplit) switch
        {
            Stl10Split.Train => ReadLabelled("train", 5_000),
            Stl10Split.Test => ReadLabelled("test", 8_000),
            Stl10Split.Unlabeled => new ImageSet(ReadUnlabelled(), null),
            _ => ReadTrainAndUnlabelled(),
        };

    /// <inheritdoc />
    protected override void CheckSplit(DatasetSplit split)
    {
        var parts = (split == DatasetSplit.Train ? this.options.TrainSplit : this.options.TestSplit) switch
        {
            Stl10Split.Train => ["train"],
            Stl10Split.Test => ["test"],
            Stl10Split.Unlabeled => ["unlabeled"],
            _ => new[] { "train", "unlabeled" },
        };
        foreach (var part in parts)
        {
            var names = part == "unlabeled" ? ["unlabeled_X.bin"] : new[] { $"{part}_X.bin", $"{part}_y.bin" };
            if (DataFiles.Existing(Source, Folder, names, false, this.options.Download, AllFiles()) is { } paths)
            {
                var count = Stl10BinaryReader.CheckImages(paths[0]);
                if (paths.Count > 1)
                {
                    Stl10BinaryReader.CheckLabels(paths[1], count, paths[0]);
                }
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// The image count from the size of each images file of the training part, and the labelled part's label file
    /// (5,000 bytes); never a pixel. Null while a file is still to be downloaded.
    /// </remarks>
    protected override (long Count, Tensor? Labels)? ReadTrainingLabels()
    {
        (long Count, Tensor? Labels)? labelled = this.options.TrainSplit == Stl10Split.Unlabeled ? (0L, null) : LabelledSize("train");
        long? unlabelled = this.options.TrainSplit == Stl10Split.Train ? 0L : UnlabelledSize();
        if (labelled is not { } train || unlabelled is not { } extra)
        {
            return null;
        }

        // Only the labelled part alone keeps its labels, as ReadSplit does.
        return (train.Count + extra, this.options.TrainSplit == Stl10Split.Train ? train.Labels : null);
    }

    /// <inheritdoc />
    /// <remarks>Pre-training on the unlabelled images leaves evaluation the labelled 5,000 training images to fit on.</remarks>
    public ImageSet? LoadLabelledReference() => LoadsLabelledReference ? ReadLabelled("train", 5_000) : null;

    private ImageSet ReadLabelled(string part, long official)
    {
        var paths = DataFiles.Ensure(Source, Folder, [$"{part}_X.bin", $"{part}_y.bin"], false, this.options.Download, this.options.Mirror, Logger, AllFiles());
        var images = Stl10BinaryReader.ReadImages(paths[0]);
        WarnIfUnofficial(paths[0], images.shape[0], official);
        return new ImageSet(images, Stl10BinaryReader.ReadLabels(paths[1], images.shape[0], paths[0]));
    }

    /// <summary>The image count and labels of a labelled part, from the images file's size and the labels file; null when they are to be downloaded.</summary>
    private (long Count, Tensor? Labels)? LabelledSize(string part)
    {
        if (DataFiles.Existing(Source, Folder, [$"{part}_X.bin", $"{part}_y.bin"], false, this.options.Download, AllFiles()) is not { } paths)
        {
            return null;
        }

        var count = Stl10BinaryReader.CheckImages(paths[0]);
        return (count, Stl10BinaryReader.ReadLabels(paths[1], count, paths[0]));
    }

    /// <summary>The number of unlabelled images, from the file's size; null when it is to be downloaded.</summary>
    private long? UnlabelledSize() =>
        DataFiles.Existing(Source, Folder, ["unlabeled_X.bin"], false, this.options.Download, AllFiles()) is { } paths
            ? Stl10BinaryReader.CheckImages(paths[0])
            : null;

    private Tensor ReadUnlabelled()
    {
        var path = DataFiles.Ensure(Source, Folder, ["unlabeled_X.bin"], false, this.options.Download, this.options.Mirror, Logger, AllFiles())[0];
        var images = Stl10BinaryReader.ReadImages(path);
        WarnIfUnofficial(path, images.shape[0], 100_000);
        return images;
    }

    private ImageSet ReadTrainAndUnlabelled()
    {
        var train = ReadLabelled("train", 5_000);
        var unlabelled = ReadUnlabelled();
        var images = cat(new[] { train.Images, unlabelled }, 0);
        train.Dispose();
        unlabelled.Dispose();
        return new ImageSet(images, null);
    }

    /// <inheritdoc />
    /// <remarks>The files of the configured parts, and the labelled training files a label-free training part evaluates on.</remarks>
    protected override IEnumerable<string> DescribedFiles()
    {
        string[] names = LoadsLabelledReference ? [.. AllFiles().Union(["train_X.bin", "train_y.bin"])] : AllFiles();
        return DataFiles.Existing(Source, Folder, names, false, download: true) ?? [];
    }

    /// <inheritdoc />
    protected override Dictionary<string, string> DescribedSettings()
    {
        var settings = base.DescribedSettings();
        settings["train_split"] = this.options.TrainSplit.ToString().ToLowerInvariant();
        settings["test_split"] = this.options.TestSplit.ToString().ToLowerInvariant();
        return settings;
    }

    private bool LoadsLabelledReference => this.options.TrainSplit is Stl10Split.Unlabeled or Stl10Split.TrainAndUnlabeled;

    /// <summary>Every file the configured training and test parts need.</summary>
    private string[] AllFiles() =>
    [
        .. new[] { this.options.TrainSplit, this.options.TestSplit }.SelectMany(split => split switch
        {
            Stl10Split.Train => ["train_X.bin", "train_y.bin"],
            Stl10Split.Test => ["test_X.bin", "test_y.bin"],
            Stl10Split.Unlabeled => ["unlabeled_X.bin"],
            _ => new[] { "train_X.bin", "train_y.bin", "unlabeled_X.bin" },
        }).Distinct(),
    ];

    private void WarnIfUnofficial(string path, long count, long official)
    {
        if (count != official)
        {
            Logger.LogWarning("{File} holds {Count} images; the official file holds {Official}.", path, count, official);
        }
    }
}
