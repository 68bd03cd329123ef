using Microsoft.Extensions.Logging;
using SimLap.Contracts.Components;
using SimLap.Contracts.Data;
using SimLap.Plugins.Core.Data.Download;
using SimLap.Plugins.Core.Data.Formats;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Data;

/// <summary>
/// CIFAR-100 from its official binary distribution: <c>train.bin</c> (50,000 images) and <c>test.bin</c> (10,000),
/// records of a coarse label byte, a fine label byte and the 32x32 RGB pixels; <c>label</c> picks the class.
/// </summary>
[SimLapComponent("cifar100", Description = "CIFAR-100, official binary files (32x32 RGB, 100 fine or 20 coarse classes).")]
public sealed class Cifar100Dataset : FileImageDataset
{
    /// <summary>The official binary archive and where it extracts to.</summary>
    public static readonly DataSource Source = new(
        "cifar100",
        "https://www.cs.toronto.edu/~kriz/",
        [new RemoteFile("cifar-100-binary.tar.gz", FileChecksum.Md5("03b5dce01913d631647c71ecec9e9cb8"))],
        "cifar-100-binary");

    private readonly Cifar100Options options;

    /// <summary>Creates the data set; files are read (and downloaded) when a split is loaded.</summary>
    public Cifar100Dataset(Cifar100Options options, ComponentContext context)
        : base(options, context, new DatasetInfo("cifar100", 3, 32, 32, Names(options)), Source.Name) =>
        this.options = options;

    /// <inheritdoc />
    protected override void CheckSplit(DatasetSplit split)
    {
        var name = split == DatasetSplit.Train ? "train.bin" : "test.bin";
        foreach (var path in DataFiles.Existing(Source, Folder, [name], false, this.options.Download, ["train.bin", "test.bin"]) ?? [])
        {
            CifarBinaryReader.CheckLength(path, 2);
        }
    }

    /// <inheritdoc />
    protected override ImageSet ReadSplit(DatasetSplit split)
    {
        var name = split == DatasetSplit.Train ? "train.bin" : "test.bin";
        var path = DataFiles.Ensure(Source, Folder, [name], false, this.options.Download, this.options.Mirror, Logger, ["train.bin", "test.bin"])[0];
        var (images, labels) = CifarBinaryReader.Read(path, [20, 100], ["coarse label", "fine label"]);
        var official = split == DatasetSplit.Train ? 50_000 : 10_000;
        if (images.shape[0] != official)
        {
            Logger.LogWarning("{File} holds {Records} records; the official file holds {Official}.", path, images.shape[0], official);
        }

        return new ImageSet(images, labels.select(1, LabelColumn).contiguous());
    }

    /// <summary>The label byte <c>label</c> picks: 0 coarse, 1 fine.</summary>
    private int LabelColumn => this.options.Label == Cifar100Label.Coarse ? 0 : 1;

    /// <inheritdoc />
    /// <remarks>The two label bytes of each record of <c>train.bin</c> (100,000 bytes), never the pixels; null while the file is still to be downloaded.</remarks>
    protected override (long Count, Tensor? Labels)? ReadTrainingLabels()
    {
        if (DataFiles.Existing(Source, Folder, ["train.bin"], false, this.options.Download, ["train.bin", "test.bin"]) is not { } paths)
        {
            return null;
        }

        var labels = CifarBinaryReader.ReadLabels(paths[0], [20, 100], ["coarse label", "fine label"]).select(1, LabelColumn).contiguous();
        return (labels.shape[0], labels);
    }

    /// <inheritdoc />
    protected override IEnumerable<string> DescribedFiles() =>
        DataFiles.Existing(Source, Folder, ["train.bin", "test.bin"], false, download: true) ?? [];

    /// <inheritdoc />
    /// <remarks>Also the label kind: the same files give other labels with <c>label: coarse</c>.</remarks>
    protected override Dictionary<string, string> DescribedSettings()
    {
        var settings = base.DescribedSettings();
        settings["label"] = this.options.Label.ToString().ToLowerInvariant();
        return settings;
    }

    private static IReadOnlyList<string> Names(Cifar100Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Label == Cifar100Label.Coarse ? Cifar100Classes.Coarse : Cifar100Classes.Fine;
    }
}
