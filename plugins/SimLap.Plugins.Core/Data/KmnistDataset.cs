using SimLap.Contracts.Components;
using SimLap.Plugins.Core.Data.Download;

namespace SimLap.Plugins.Core.Data;

/// <summary>Kuzushiji-MNIST cursive Japanese characters: MNIST's IDX layout, 28x28 grayscale, 60,000 training and 10,000 test images.</summary>
[SimLapComponent("kmnist", Description = "Kuzushiji-MNIST characters, IDX files raw or gzipped (28x28 grayscale, 10 classes).")]
public sealed class KmnistDataset : IdxImageDataset
{
    /// <summary>The official files with their MD5s.</summary>
    public static readonly DataSource Source = IdxSource(
        "kmnist", "http://codh.rois.ac.jp/kmnist/dataset/kmnist/",
        "bdb82020997e1d708af4cf47b453dcf7", "e144d726b3acfaa3e44228e80efcd344",
        "5c965bf0a639b31b8f53240b1b52f4d7", "7320c461ea6c1c855c0b718fb2a4b134");

    /// <summary>The class names (romanised hiragana), in label order.</summary>
    public static readonly IReadOnlyList<string> ClassNames = ["o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo"];

    /// <summary>Creates the data set; files are read (and downloaded) when a split is loaded.</summary>
    public KmnistDataset(IdxDatasetOptions options, ComponentContext context)
        : base(options, context, Source, ClassNames)
    {
    }
}
