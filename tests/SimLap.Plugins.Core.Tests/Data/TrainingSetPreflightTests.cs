using SimLap.Contracts.Data;
using SimLap.Plugins.Core.Data;

namespace SimLap.Plugins.Core.Tests.Data;

/// <summary>
/// <see cref="ITrainingSetPreflight"/>: the size a data set reports before loading is the size <c>Load</c> then gives,
/// for every combination of validation split and subset, read from labels and listings only.
/// </summary>
public sealed class TrainingSetPreflightTests
{
    private const int Side = 28;

    [Theory]
    [InlineData(0.0, 1.0, 0, 40)]
    [InlineData(0.5, 1.0, 0, 20)]
    [InlineData(0.0, 1.0, 3, 30)]
    [InlineData(0.5, 1.0, 3, 20)]
    [InlineData(0.25, 0.5, 0, 20)]
    [InlineData(0.0, 0.34, 0, 10)]
    public void AnIdxSetReportsTheSizeItLoadsAfterTheValidationSplitAndTheSubset(double validation, double fraction, int perClass, long expected)
    {
        using var temp = new TempFolder();
        // 40 training images, 4 of each of the 10 classes.
        DataFormats.WriteIdxImages(Path.Combine(temp.Path, "train-images-idx3-ubyte"), 40, Side, Side, DataFormats.RandomBytes(40 * Side * Side, 1), gzip: false);
        DataFormats.WriteIdxLabels(Path.Combine(temp.Path, "train-labels-idx1-ubyte"), [.. Enumerable.Range(0, 40).Select(i => (byte)(i % 10))], gzip: false);
        var options = new IdxDatasetOptions { Root = temp.Path, ValidationFraction = validation, Fraction = fraction, PerClass = perClass, Seed = 7 };
        var dataset = new MnistDataset(options, VisionTestContext.Create());

        var reported = dataset.TrainingSet();
        using var loaded = dataset.Load(DatasetSplit.Train);

        Assert.Equal(new TrainingSetSize(expected, Labelled: true), reported);
        Assert.Equal(expected, loaded.Count);
    }

    [Fact]
    public void ALabelFreeIdxSetReportsItsImagesAsUnlabelled()
    {
        using var temp = new TempFolder();
        IdxDatasetTests.WriteIdx(temp.Path);

        var reported = new FashionMnistDataset(new IdxDatasetOptions { Root = temp.Path, LabelFree = true }, VisionTestContext.Create()).TrainingSet();

        Assert.Equal(new TrainingSetSize(5, Labelled: false), reported);
    }

    [Fact]
    public void AnIdxSetStillToBeDownloadedReportsNoSize()
    {
        using var temp = new TempFolder();

        var reported = new MnistDataset(new IdxDatasetOptions { Root = temp.Path, Download = true }, VisionTestContext.Create()).TrainingSet();

        Assert.Null(reported);
    }

    [Fact]
    public void AnImageFolderReportsTheFilesOfItsTrainingSplit()
    {
        using var temp = new TempFolder();
        foreach (var (label, count) in new[] { ("cat", 3), ("dog", 5) })
        {
            var folder = Directory.CreateDirectory(Path.Combine(temp.Path, "train", label)).FullName;
            for (var i = 0; i < count; i++)
            {
                File.WriteAllBytes(Path.Combine(folder, $"{i}.png"), []);
            }
        }

        var dataset = new ImageFolderDataset(new ImageFolderOptions { Root = temp.Path, ImageSize = 8, PerClass = 4 }, VisionTestContext.Create());

        // per_class 4 keeps all 3 cats and 4 of the 5 dogs; the files are only listed, never decoded (they are empty).
        Assert.Equal(new TrainingSetSize(7, Labelled: true), dataset.TrainingSet());
    }

    [Fact]
    public void TheSyntheticSetReportsEveryClassTimesItsImagesPerClass()
    {
        var dataset = new SyntheticDataset(new SyntheticDatasetOptions { Shapes = 3, Colours = 2, TrainPerClass = 5 }, VisionTestContext.Create());

        Assert.Equal(new TrainingSetSize(30, Labelled: true), dataset.TrainingSet());
    }
}
