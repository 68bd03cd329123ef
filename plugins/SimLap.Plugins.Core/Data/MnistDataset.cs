using SimLap.Contracts.Components;
using SimLap.Plugins.Core.Data.Download;

namespace SimLap.Plugins.Core.Data;

/// <summary>MNIST handwritten digits: IDX files (raw or gzipped), 28x28 grayscale, 60,000 training and 10,000 test images.</summary>
[SimLapComponent("mnist", Description = "MNIST digits, IDX files raw or gzipped (28x28 grayscale, 10 classes).")]
public sealed class MnistDataset : IdxImageDataset
{
    /// <summary>The official files (the address torchvision uses; the original is http://yann.lecun.com/exdb/mnist/) with their MD5s.</summary>
    public static readonly DataSource Source = IdxSource(
        "mnist", "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "f68b3c2dcbeaaa9fbdd348bbdeb94873", "d53e105ee54ea40749a09fcbcd1e9432",
        "9fb629c4189551a2d022fa330f9573f3", "ec29112dd5afa0611ce80d1b7f02629c");

    /// <summary>The class names, in label order.</summary>
    public static readonly IReadOnlyList<string> ClassNames = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    /// <summary>Creates the data set; files are read (and downloaded) when a split is loaded.</summary>
    public MnistDataset(IdxDatasetOptions options, ComponentContext context)
        : base(options, context, Source, ClassNames)
    {
    }
}
