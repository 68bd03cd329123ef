using SimLap.Contracts.Components;
using SimLap.Contracts.Data;
using SimLap.Plugins.Core.Data;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Data;

public sealed class IdxDatasetTests
{
    private const int Side = 28;
    private const int ImageBytes = Side * Side;

    /// <summary>Writes 5 training images and labels gzipped and 3 test images and labels raw; returns their bytes.</summary>
    internal static (byte[] TrainPixels, byte[] TrainLabels, byte[] TestPixels, byte[] TestLabels) WriteIdx(string folder)
    {
        Directory.CreateDirectory(folder);
        var trainPixels = DataFormats.RandomBytes(5 * ImageBytes, 1);
        byte[] trainLabels = [3, 1, 4, 1, 5];
        var testPixels = DataFormats.RandomBytes(3 * ImageBytes, 2);
        byte[] testLabels = [9, 2, 6];
        DataFormats.WriteIdxImages(Path.Combine(folder, "train-images-idx3-ubyte.gz"), 5, Side, Side, trainPixels, gzip: true);
        DataFormats.WriteIdxLabels(Path.Combine(folder, "train-labels-idx1-ubyte.gz"), trainLabels, gzip: true);
        DataFormats.WriteIdxImages(Path.Combine(folder, "t10k-images-idx3-ubyte"), 3, Side, Side, testPixels, gzip: false);
        DataFormats.WriteIdxLabels(Path.Combine(folder, "t10k-labels-idx1-ubyte"), testLabels, gzip: false);
        return (trainPixels, trainLabels, testPixels, testLabels);
    }

    private static IDataset Create(string name, string root, ComponentContext? context = null)
    {
        var options = new IdxDatasetOptions { Root = root };
        context ??= VisionTestContext.Create();
        return name switch
        {
            "mnist" => new MnistDataset(options, context),
            "fashion-mnist" => new FashionMnistDataset(options, context),
            _ => new KmnistDataset(options, context),
        };
    }

    [Theory]
    [InlineData("mnist", "0")]
    [InlineData("fashion-mnist", "t-shirt/top")]
    [InlineData("kmnist", "o")]
    public void ReadsGzippedAndRawFilesExactly(string name, string firstClass)
    {
        using var temp = new TempFolder();
        var (trainPixels, trainLabels, testPixels, testLabels) = WriteIdx(temp.Path);
        var dataset = Create(name, temp.Path);

        using var train = dataset.Load(DatasetSplit.Train);
        using var test = dataset.Load(DatasetSplit.Test);

        Assert.Equal((name, 1, 28, 28, 10, firstClass), (dataset.Info.Name, dataset.Info.Channels, dataset.Info.Height, dataset.Info.Width, dataset.Info.NumClasses, dataset.Info.ClassNames[0]));
        Assert.Equal(new long[] { 5, 1, 28, 28 }, train.Images.shape);
        Assert.Equal(trainPixels, train.Images.data<byte>().ToArray());
        Assert.Equal(trainLabels.Select(l => (long)l), train.Labels!.data<long>().ToArray());
        Assert.Equal(new long[] { 3, 1, 28, 28 }, test.Images.shape);
        Assert.Equal(testPixels, test.Images.data<byte>().ToArray());
        Assert.Equal(testLabels.Select(l => (long)l), test.Labels!.data<long>().ToArray());
        // Row-major: byte 28 * 4 + 9 of image 2 is row 4, column 9.
        Assert.Equal(trainPixels[2 * ImageBytes + 28 * 4 + 9], train.Images[2, 0, 4, 9].item<byte>());
    }

    [Fact]
    public void AWrongMagicNumberIsAnErrorWithTheFoundAndExpectedValues()
    {
        using var temp = new TempFolder();
        WriteIdx(temp.Path);
        // A labels file where the images file should be.
        var path = Path.Combine(temp.Path, "t10k-images-idx3-ubyte");
        DataFormats.WriteIdxLabels(path, [1, 2, 3], gzip: false);

        var error = Assert.Throws<InvalidDataException>(() => Create("mnist", temp.Path).Load(DatasetSplit.Test));

        Assert.Contains(path, error.Message);
        Assert.Contains("found 2049 (0x00000801), expected 2051 (0x00000803", error.Message);
        Assert.Contains("swapped", error.Message);
    }

    [Fact]
    public void ATruncatedRawFileIsAnErrorWithTheOffsetWhereTheDataEnd()
    {
        using var temp = new TempFolder();
        WriteIdx(temp.Path);
        var path = Path.Combine(temp.Path, "t10k-images-idx3-ubyte");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(16 + 2 * ImageBytes + 100)]);

        var error = Assert.Throws<InvalidDataException>(() => Create("mnist", temp.Path).Load(DatasetSplit.Test));

        Assert.Contains(path, error.Message);
        Assert.Contains($"truncated: its data end at byte offset {16 + 2 * ImageBytes + 100}", error.Message);
        Assert.Contains($"3 images of 28x28, which need {16 + 3 * ImageBytes} bytes", error.Message);
    }

    [Fact]
    public void ATruncatedGzipFileIsAnErrorNamingTheFile()
    {
        using var temp = new TempFolder();
        WriteIdx(temp.Path);
        var path = Path.Combine(temp.Path, "train-images-idx3-ubyte.gz");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length * 2 / 3)]);

        var error = Assert.Throws<InvalidDataException>(() => Create("kmnist", temp.Path).Load(DatasetSplit.Train));

        Assert.Contains(path, error.Message);
        Assert.Matches("truncated: its data end at byte offset [0-9]+ \\(after decompression\\)|damaged gzip file", error.Message);
    }

    [Fact]
    public void AHeaderDeclaringAHugeCountIsReportedAsTruncatedWithoutAllocatingIt()
    {
        using var temp = new TempFolder();
        WriteIdx(temp.Path);
        var path = Path.Combine(temp.Path, "t10k-images-idx3-ubyte");
        DataFormats.WriteIdxImages(path, int.MaxValue, Side, Side, new byte[ImageBytes], gzip: false);

        var error = Assert.Throws<InvalidDataException>(() => Create("mnist", temp.Path).Load(DatasetSplit.Test));

        Assert.Contains($"truncated: its data end at byte offset {16 + ImageBytes}", error.Message);
        Assert.Contains($"{int.MaxValue} images of 28x28", error.Message);
    }

    [Fact]
    public void ALabelsFileWithExtraDataIsAnError()
    {
        using var temp = new TempFolder();
        WriteIdx(temp.Path);
        var path = Path.Combine(temp.Path, "t10k-labels-idx1-ubyte");
        DataFormats.WriteIdxLabels(path, [1, 2, 3, 4], gzip: false, count: 3);

        var error = Assert.Throws<InvalidDataException>(() => Create("mnist", temp.Path).Load(DatasetSplit.Test));

        Assert.Contains(path, error.Message);
        Assert.Contains("longer than its header declares: 3 labels end at byte offset 11", error.Message);
    }

    [Fact]
    public void ImagesAndLabelsThatDisagreeInCountAreAnErrorNamingBothFiles()
    {
        using var temp = new TempFolder();
        WriteIdx(temp.Path);
        var labels = Path.Combine(temp.Path, "t10k-labels-idx1-ubyte");
        DataFormats.WriteIdxLabels(labels, [1, 2], gzip: false);

        var error = Assert.Throws<InvalidDataException>(() => Create("fashion-mnist", temp.Path).Load(DatasetSplit.Test));

        Assert.Contains(Path.Combine(temp.Path, "t10k-images-idx3-ubyte") + "' holds 3 images", error.Message);
        Assert.Contains(labels + "' holds 2 labels", error.Message);
    }

    [Fact]
    public void ALabelOutOfRangeIsAnErrorNamingTheRecordAndOffset()
    {
        using var temp = new TempFolder();
        WriteIdx(temp.Path);
        var path = Path.Combine(temp.Path, "train-labels-idx1-ubyte.gz");
        DataFormats.WriteIdxLabels(path, [3, 1, 4, 10, 5], gzip: true);

        var error = Assert.Throws<InvalidDataException>(() => Create("mnist", temp.Path).Load(DatasetSplit.Train));

        Assert.Contains(path, error.Message);
        Assert.Contains("record 3 (byte offset 11) has label 10", error.Message);
        Assert.Contains("0..9", error.Message);
    }

    [Fact]
    public void ImagesOfTheWrongSizeAreAnError()
    {
        using var temp = new TempFolder();
        WriteIdx(temp.Path);
        var path = Path.Combine(temp.Path, "t10k-images-idx3-ubyte");
        DataFormats.WriteIdxImages(path, 3, 32, 32, new byte[3 * 32 * 32], gzip: false);

        var error = Assert.Throws<InvalidDataException>(() => Create("mnist", temp.Path).Load(DatasetSplit.Test));

        Assert.Contains(path, error.Message);
        Assert.Contains("32x32", error.Message);
    }

    [Fact]
    public void MissingFilesSayWhichGzOrRawFilesToPlaceWhereWithTheOfficialUrls()
    {
        using var temp = new TempFolder();

        var error = Assert.Throws<InvalidOperationException>(() => Create("fashion-mnist", temp.Path).Load(DatasetSplit.Test));

        Assert.Contains("missing: t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte", error.Message);
        Assert.Contains("t10k-images-idx3-ubyte.gz (or the unzipped t10k-images-idx3-ubyte)", error.Message);
        Assert.Contains($"in '{temp.Path}'", error.Message);
        Assert.Contains("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/t10k-images-idx3-ubyte.gz", error.Message);
    }
}
