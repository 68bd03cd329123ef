using SimLap.Contracts.Components;
using SimLap.Plugins.Core.Data.Download;

namespace SimLap.Plugins.Core.Data;

/// <summary>Fashion-MNIST (Zalando) clothing images: MNIST's IDX layout, 28x28 grayscale, 60,000 training and 10,000 test images.</summary>
[SimLapComponent("fashion-mnist", Description = "Fashion-MNIST clothing, IDX files raw or gzipped (28x28 grayscale, 10 classes).")]
public sealed class FashionMnistDataset : IdxImageDataset
{
    /// <summary>The official files with their MD5s.</summary>
    public static readonly DataSource Source = IdxSource(
        "fashion-mnist", "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
        "8d4fb7e6c68d591d4c3dfef9ec88bf0d", "25c81989df183df01b3e8a0aad5dffbe",
        "bef4ecab320f06d8554ea6380940ec79", "bb300cfdad3c16e7a12a480ee83cd310");

    /// <summary>The class names, in label order.</summary>
    public static readonly IReadOnlyList<string> ClassNames =
        ["t-shirt/top", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle boot"];

    /// <summary>Creates the data set; files are read (and downloaded) when a split is loaded.</summary>
    public FashionMnistDataset(IdxDatasetOptions options, ComponentContext context)
        : base(options, context, Source, ClassNames)
    {
    }
}
