using Microsoft.Extensions.Logging;
using SimLap.Contracts.Components;
using SimLap.Contracts.Data;
using SimLap.Plugins.Core.Data.Download;
using SimLap.Plugins.Core.Data.Formats;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Data;

/// <summary>
/// CIFAR-10 from its official binary distribution: <c>data_batch_1.bin</c> .. <c>data_batch_5.bin</c> (50,000 training
/// images) and <c>test_batch.bin</c> (10,000), 32x32 RGB, ten classes.
/// </summary>
[SimLapComponent("cifar10", Description = "CIFAR-10, official binary files (32x32 RGB, 10 classes; download: true fetches them).")]
public sealed class Cifar10Dataset : FileImageDataset
{
    /// <summary>The official binary archive and where it extracts to.</summary>
    public static readonly DataSource Source = new(
        "cifar10",
        "https://www.cs.toronto.edu/~kriz/",
        [new RemoteFile("cifar-10-binary.tar.gz", FileChecksum.Md5("c32a1d4ab5d03f1284b67883e8d87530"))],
        "cifar-10-batches-bin");

    /// <summary>The class names, in label order.</summary>
    public static readonly IReadOnlyList<string> ClassNames =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    private static readonly string[] TrainFiles = [.. Enumerable.Range(1, 5).Select(i => $"data_batch_{i}.bin")];
    private static readonly string[] TestFiles = ["test_batch.bin"];

    private readonly Cifar10Options options;

    /// <summary>Creates the data set; files are read (and downloaded) when a split is loaded.</summary>
    public Cifar10Dataset(Cifar10Options options, ComponentContext context)
        : base(options, context, new DatasetInfo("cifar10", 3, 32, 32, ClassNames), Source.Name) =>
        this.options = options;

    /// <inheritdoc />
    protected override void CheckSplit(DatasetSplit split)
    {
        foreach (var path in DataFiles.Existing(Source, Folder, split == DatasetSplit.Train ? TrainFiles : TestFiles, false, this.options.Download, [.. TrainFiles, .. TestFiles]) ?? [])
        {
            CifarBinaryReader.CheckLength(path, 1);
        }
    }

    /// <inheritdoc />
    protected override ImageSet ReadSplit(DatasetSplit split)
    {
        var paths = DataFiles.Ensure(Source, Folder, split == DatasetSplit.Train ? TrainFiles : TestFiles, false, this.options.Download, this.options.Mirror, Logger, [.. TrainFiles, .. TestFiles]);
        var parts = paths.Select(path =>
        {
            var (images, labels) = CifarBinaryReader.Read(path, [10]);
            WarnIfUnofficial(path, images.shape[0]);
            return (images, labels);
        }).ToList();
        return new ImageSet(cat(parts.Select(p => p.images).ToList(), 0), cat(parts.Select(p => p.labels.select(1, 0)).ToList(), 0));
    }

    /// <inheritdoc />
    /// <remarks>The label byte of each record of the five training batches (50,000 bytes), never the pixels; null while the files are still to be downloaded.</remarks>
    protected override (long Count, Tensor? Labels)? ReadTrainingLabels()
    {
        if (DataFiles.Existing(Source, Folder, TrainFiles, false, this.options.Download, [.. TrainFiles, .. TestFiles]) is not { } paths)
        {
            return null;
        }

        var labels = cat(paths.Select(path => CifarBinaryReader.ReadLabels(path, [10]).select(1, 0)).ToList(), 0);
        return (labels.shape[0], labels);
    }

    /// <inheritdoc />
    /// <remarks>The six batch files, as <see cref="ReadSplit"/> finds them.</remarks>
    protected override IEnumerable<string> DescribedFiles() =>
        DataFiles.Existing(Source, Folder, [.. TrainFiles, .. TestFiles], false, download: true) ?? [];

    private void WarnIfUnofficial(string path, long records)
    {
        if (records != 10_000)
        {
            Logger.LogWarning("{File} holds {Records} records; the official file holds 10000.", path, records);
        }
    }
}
