using SimLap.Contracts.Components;
using SimLap.Contracts.Data;
using SimLap.Plugins.Core.Data.Download;
using SimLap.Plugins.Core.Data.Formats;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Data;

/// <summary>
/// A data set in MNIST's layout: <c>train-images-idx3-ubyte</c>, <c>train-labels-idx1-ubyte</c>,
/// <c>t10k-images-idx3-ubyte</c> and <c>t10k-labels-idx1-ubyte</c>, each raw or gzipped (<c>.gz</c>), grayscale, ten classes.
/// </summary>
public abstract class IdxImageDataset : FileImageDataset
{
    private static readonly string[] AllFiles =
        ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    private readonly IdxDatasetOptions options;
    private readonly DataSource source;
    private readonly int classes;

    /// <summary>Creates the data set from its source and class names; files are read (and downloaded) when a split is loaded.</summary>
    protected IdxImageDataset(IdxDatasetOptions options, ComponentContext context, DataSource source, IReadOnlyList<string> classNames, int side = 28)
        : base(options, context, new DatasetInfo(source?.Name ?? throw new ArgumentNullException(nameof(source)), 1, side, side, classNames), source.Name)
    {
        this.options = options;
        this.source = source;
        this.classes = classNames.Count;
    }

    /// <summary>The four official files with their MD5s (torchvision's list), under <paramref name="baseUrl"/>.</summary>
    protected static DataSource IdxSource(string name, string baseUrl, string trainImagesMd5, string trainLabelsMd5, string testImagesMd5, string testLabelsMd5) =>
        new(name, baseUrl,
        [
            new RemoteFile("train-images-idx3-ubyte.gz", FileChecksum.Md5(trainImagesMd5)),
            new RemoteFile("train-labels-idx1-ubyte.gz", FileChecksum.Md5(trainLabelsMd5)),
            new RemoteFile("t10k-images-idx3-ubyte.gz", FileChecksum.Md5(testImagesMd5)),
            new RemoteFile("t10k-labels-idx1-ubyte.gz", FileChecksum.Md5(testLabelsMd5)),
        ]);

    /// <inheritdoc />
    protected override void CheckSplit(DatasetSplit split)
    {
        if (DataFiles.Existing(this.source, Folder, SplitFiles(split), true, this.options.Download, AllFiles) is not { } paths)
        {
            return;
        }

        var (count, rows, columns) = IdxReader.CheckImages(paths[0]);
        RequireSize(paths[0], rows, columns);
        RequireAsManyLabels(paths, count, IdxReader.CheckLabels(paths[1]));
    }

    /// <inheritdoc />
    /// <remarks>The training labels file only (a few tens of kilobytes); null while the files are still to be downloaded.</remarks>
    protected override (long Count, Tensor? Labels)? ReadTrainingLabels()
    {
        if (DataFiles.Existing(this.source, Folder, SplitFiles(DatasetSplit.Train), true, this.options.Download, AllFiles) is not { } paths)
        {
            return null;
        }

        var labels = IdxReader.ReadLabels(paths[1], this.classes);
        return (labels.shape[0], labels);
    }

    /// <inheritdoc />
    protected override ImageSet ReadSplit(DatasetSplit split)
    {
        var paths = DataFiles.Ensure(this.source, Folder, SplitFiles(split), true, this.options.Download, this.options.Mirror, Logger, AllFiles);
        var images = IdxReader.ReadImages(paths[0]);
        RequireSize(paths[0], images.shape[2], images.shape[3]);
        var labels = IdxReader.ReadLabels(paths[1], this.classes);
        RequireAsManyLabels(paths, images.shape[0], labels.shape[0]);
        return new ImageSet(images, labels);
    }

    /// <inheritdoc />
    /// <remarks>The image and label files of both splits, raw or gzipped, as <see cref="ReadSplit"/> finds them.</remarks>
    protected override IEnumerable<string> DescribedFiles() =>
        new[] { DatasetSplit.Train, DatasetSplit.Test }
            .SelectMany(split => DataFiles.Existing(this.source, Folder, SplitFiles(split), true, download: true, AllFiles) ?? []);

    private static string[] SplitFiles(DatasetSplit split)
    {
        var prefix = split == DatasetSplit.Train ? "train" : "t10k";
        return [$"{prefix}-images-idx3-ubyte", $"{prefix}-labels-idx1-ubyte"];
    }

    private void RequireSize(string path, long rows, long columns)
    {
        if (rows != Info.Height || columns != Info.Width)
        {
            throw new InvalidDataException(
                $"'{path}' holds images of {rows}x{columns} pixels, but {Info.Name} images are {Info.Height}x{Info.Width}.");
        }
    }

    private static void RequireAsManyLabels(IReadOnlyList<string> paths, long images, long labels)
    {
        if (labels != images)
        {
            throw new InvalidDataException(
                $"'{paths[0]}' holds {images} images but '{paths[1]}' holds {labels} labels; they must agree. " +
                "One of the files is truncated or belongs to another split or data set.");
        }
    }
}
