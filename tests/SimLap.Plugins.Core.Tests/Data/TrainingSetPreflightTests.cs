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
    [Theory]
    [InlineData(0.0, 1.0, 0, 20)]
    [InlineData(0.2, 1.0, 0, 16)]
    [InlineData(0.0, 1.0, 3, 12)]
    [InlineData(0.2, 1.0, 3, 12)]
    [InlineData(0.0, 0.4, 0, 8)]
    [InlineData(0.2, 0.5, 0, 8)]
    public void ACifar10SetReportsTheSizeItLoadsFromItsLabelBytes(double validation, double fraction, int perClass, long expected)
    {
        using var temp = new TempFolder();
        // 20 training records over the five batches, labels 0..3 in turn: 5 of each of 4 classes.
        CifarDatasetTests.WriteCifar10(temp.Path, [4, 4, 4, 4, 4]);
        var options = new Cifar10Options { Root = temp.Path, ValidationFraction = validation, Fraction = fraction, PerClass = perClass, Seed = 7 };
        var dataset = new Cifar10Dataset(options, VisionTestContext.Create());

        var reported = dataset.TrainingSet();
        using var loaded = dataset.Load(DatasetSplit.Train);

        Assert.Equal(new TrainingSetSize(expected, Labelled: true), reported);
        Assert.Equal(expected, loaded.Count);
    }

    [Theory]
    [InlineData(Cifar100Label.Fine, 5)]
    [InlineData(Cifar100Label.Coarse, 2)]
    public void ACifar100SetCountsPerClassByTheLabelItUses(Cifar100Label label, long expected)
    {
        using var temp = new TempFolder();
        // Fine labels 0,0,0,1,1,2 all in coarse class 4: per_class 2 keeps 2+2+1 fine, or 2 coarse.
        byte[][] labels = [[4, 0], [4, 0], [4, 0], [4, 1], [4, 1], [4, 2]];
        DataFormats.WriteCifar(Path.Combine(temp.Path, "train.bin"), labels, [.. labels.Select((_, i) => DataFormats.RandomBytes(3072, i))]);
        var dataset = new Cifar100Dataset(new Cifar100Options { Root = temp.Path, Label = label, PerClass = 2 }, VisionTestContext.Create());

        var reported = dataset.TrainingSet();
        using var loaded = dataset.Load(DatasetSplit.Train);

        Assert.Equal(new TrainingSetSize(expected, Labelled: true), reported);
        Assert.Equal(expected, loaded.Count);
    }

    [Fact]
    public void ACifarLabelOutOfRangeIsRefusedBeforeLoadingAsLoadRefusesIt()
    {
        using var temp = new TempFolder();
        CifarDatasetTests.WriteCifar10(temp.Path);
        var path = Path.Combine(temp.Path, "data_batch_1.bin");
        var bytes = File.ReadAllBytes(path);
        bytes[3073] = 10;
        File.WriteAllBytes(path, bytes);
        var dataset = new Cifar10Dataset(new Cifar10Options { Root = temp.Path }, VisionTestContext.Create());

        var reported = Assert.Throws<InvalidDataException>(() => dataset.TrainingSet());
        var loaded = Assert.Throws<InvalidDataException>(() => dataset.Load(DatasetSplit.Train));

        Assert.Contains($"'{path}': record 1 (byte offset 3073) has label 10", reported.Message, StringComparison.Ordinal);
        Assert.Equal(loaded.Message, reported.Message);
    }

    [Fact]
    public void ACifarSetStillToBeDownloadedReportsNoSize()
    {
        using var temp = new TempFolder();

        Assert.Null(new Cifar10Dataset(new Cifar10Options { Root = temp.Path, Download = true }, VisionTestContext.Create()).TrainingSet());
        Assert.Null(new Cifar100Dataset(new Cifar100Options { Root = temp.Path, Download = true }, VisionTestContext.Create()).TrainingSet());
        Assert.Null(new Stl10Dataset(new Stl10Options { Root = temp.Path, Download = true }, VisionTestContext.Create()).TrainingSet());
    }

    [Theory]
    [InlineData(Stl10Split.Train, 0.0, 4, true)]
    [InlineData(Stl10Split.Train, 0.5, 2, true)]
    [InlineData(Stl10Split.Unlabeled, 0.0, 3, false)]
    [InlineData(Stl10Split.TrainAndUnlabeled, 0.0, 7, false)]
    [InlineData(Stl10Split.TrainAndUnlabeled, 0.3, 5, false)]
    public void AnStl10SetReportsTheSizeOfItsTrainingPartFromTheFileSizes(Stl10Split part, double validation, long expected, bool labelled)
    {
        using var temp = new TempFolder();
        // 4 labelled training images, two of each of two classes (the file stores labels from 1), and 3 unlabelled ones;
        // a validation split takes one of each class, or round(0.3 x 7) = 2 of the 7 label-free images.
        const int ImageBytes = 3 * 96 * 96;
        File.WriteAllBytes(Path.Combine(temp.Path, "train_X.bin"), DataFormats.RandomBytes(4 * ImageBytes, 1));
        File.WriteAllBytes(Path.Combine(temp.Path, "train_y.bin"), [1, 1, 3, 3]);
        File.WriteAllBytes(Path.Combine(temp.Path, "unlabeled_X.bin"), DataFormats.RandomBytes(3 * ImageBytes, 2));
        var dataset = new Stl10Dataset(new Stl10Options { Root = temp.Path, TrainSplit = part, ValidationFraction = validation, Seed = 3 }, VisionTestContext.Create());

        var reported = dataset.TrainingSet();
        using var loaded = dataset.Load(DatasetSplit.Train);

        Assert.Equal(new TrainingSetSize(expected, labelled), reported);
        Assert.Equal(expected, loaded.Count);
    }
}
