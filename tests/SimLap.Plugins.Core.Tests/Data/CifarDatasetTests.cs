using SimLap.Contracts.Data;
using SimLap.Plugins.Core.Data;
using SimLap.Plugins.Core.Data.Download;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Data;

public sealed class CifarDatasetTests
{
    private const int Pixels = 3072;

    /// <summary>Writes CIFAR-10's six files (by default 7 training records over 5 batches with labels 0..3, 3 test records) and returns every record's pixels and label.</summary>
    internal static (List<byte[]> TrainPixels, List<byte> TrainLabels, List<byte[]> TestPixels, List<byte> TestLabels) WriteCifar10(string folder, int[]? sizes = null)
    {
        Directory.CreateDirectory(folder);
        sizes ??= [2, 1, 1, 2, 1];
        var trainPixels = new List<byte[]>();
        var trainLabels = new List<byte>();
        var record = 0;
        for (var batch = 0; batch < 5; batch++)
        {
            var pixels = Enumerable.Range(0, sizes[batch]).Select(_ => DataFormats.RandomBytes(Pixels, 100 + record++)).ToList();
            var labels = pixels.Select((_, i) => (byte)((trainLabels.Count + i) % 4)).ToList();
            DataFormats.WriteCifar(Path.Combine(folder, $"data_batch_{batch + 1}.bin"), [.. labels.Select(l => new[] { l })], pixels);
            trainPixels.AddRange(pixels);
            trainLabels.AddRange(labels);
        }

        var testPixels = Enumerable.Range(0, 3).Select(i => DataFormats.RandomBytes(Pixels, 900 + i)).ToList();
        var testLabels = new List<byte> { 9, 0, 4 };
        DataFormats.WriteCifar(Path.Combine(folder, "test_batch.bin"), [.. testLabels.Select(l => new[] { l })], testPixels);
        return (trainPixels, trainLabels, testPixels, testLabels);
    }

    [Fact]
    public void Cifar10ReadsEveryRecordExactlyInPlaneOrderFromTheArchiveFolder()
    {
        using var temp = new TempFolder();
        // The layout the official archive extracts to.
        var (trainPixels, trainLabels, testPixels, testLabels) = WriteCifar10(Path.Combine(temp.Path, "cifar-10-batches-bin"));
        var dataset = new Cifar10Dataset(new Cifar10Options { Root = temp.Path }, VisionTestContext.Create());

        using var train = dataset.Load(DatasetSplit.Train);
        using var test = dataset.Load(DatasetSplit.Test);

        Assert.Equal(("cifar10", 3, 32, 32, 10), (dataset.Info.Name, dataset.Info.Channels, dataset.Info.Height, dataset.Info.Width, dataset.Info.NumClasses));
        Assert.Equal("airplane", dataset.Info.ClassNames[0]);
        Assert.Equal(new long[] { 7, 3, 32, 32 }, train.Images.shape);
        Assert.Equal(ScalarType.Byte, train.Images.dtype);
        Assert.Equal(trainPixels.SelectMany(p => p).ToArray(), train.Images.data<byte>().ToArray());
        Assert.Equal(trainLabels.Select(l => (long)l).ToArray(), train.Labels!.data<long>().ToArray());
        Assert.Equal(testPixels.SelectMany(p => p).ToArray(), test.Images.data<byte>().ToArray());
        Assert.Equal(testLabels.Select(l => (long)l).ToArray(), test.Labels!.data<long>().ToArray());
        // Planes are R, G, B, each row-major: byte 1024 + 32 * 5 + 7 is green at row 5, column 7.
        Assert.Equal(trainPixels[3][1024 + 32 * 5 + 7], train.Images[3, 1, 5, 7].item<byte>());
        Assert.Equal(trainPixels[6][2048 + 32 * 31], train.Images[6, 2, 31, 0].item<byte>());
    }

    [Fact]
    public void Cifar10ReadsFilesPlacedDirectlyInRoot()
    {
        using var temp = new TempFolder();
        var (_, trainLabels, _, _) = WriteCifar10(temp.Path);
        using var train = new Cifar10Dataset(new Cifar10Options { Root = temp.Path }, VisionTestContext.Create()).Load(DatasetSplit.Train);

        Assert.Equal(trainLabels.Select(l => (long)l).ToArray(), train.Labels!.data<long>().ToArray());
    }

    [Fact]
    public void Cifar100ReadsFineOrCoarseLabels()
    {
        using var temp = new TempFolder();
        var folder = Path.Combine(temp.Path, "cifar-100-binary");
        Directory.CreateDirectory(folder);
        var pixels = Enumerable.Range(0, 4).Select(i => DataFormats.RandomBytes(Pixels, i)).ToList();
        byte[][] labels = [[19, 99], [0, 0], [7, 42], [11, 5]];
        DataFormats.WriteCifar(Path.Combine(folder, "train.bin"), labels, pixels);
        DataFormats.WriteCifar(Path.Combine(folder, "test.bin"), labels[..2], pixels[..2]);

        var fine = new Cifar100Dataset(new Cifar100Options { Root = temp.Path }, VisionTestContext.Create());
        var coarse = new Cifar100Dataset(new Cifar100Options { Root = temp.Path, Label = Cifar100Label.Coarse }, VisionTestContext.Create());
        using var fineTrain = fine.Load(DatasetSplit.Train);
        using var coarseTrain = coarse.Load(DatasetSplit.Train);
        using var coarseTest = coarse.Load(DatasetSplit.Test);

        Assert.Equal((100, "apple", "worm"), (fine.Info.NumClasses, fine.Info.ClassNames[0], fine.Info.ClassNames[99]));
        Assert.Equal((20, "aquatic_mammals", "vehicles_2"), (coarse.Info.NumClasses, coarse.Info.ClassNames[0], coarse.Info.ClassNames[19]));
        Assert.Equal(new long[] { 99, 0, 42, 5 }, fineTrain.Labels!.data<long>().ToArray());
        Assert.Equal(new long[] { 19, 0, 7, 11 }, coarseTrain.Labels!.data<long>().ToArray());
        Assert.Equal(new long[] { 19, 0 }, coarseTest.Labels!.data<long>().ToArray());
        Assert.Equal(pixels.SelectMany(p => p).ToArray(), fineTrain.Images.data<byte>().ToArray());
    }

    [Fact]
    public void ATruncatedFileIsAnErrorNamingTheFileAndTheOffsets()
    {
        using var temp = new TempFolder();
        WriteCifar10(temp.Path);
        var path = Path.Combine(temp.Path, "data_batch_4.bin");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(3073 + 1000)]);

        var error = Assert.Throws<InvalidDataException>(() =>
            new Cifar10Dataset(new Cifar10Options { Root = temp.Path }, VisionTestContext.Create()).Load(DatasetSplit.Train));

        Assert.Contains(path, error.Message);
        Assert.Contains("truncated", error.Message);
        Assert.Contains("byte offset 4073", error.Message);
        Assert.Contains("inside record 1", error.Message);
        Assert.Contains("6146 bytes", error.Message);
    }

    [Fact]
    public void ALabelOutOfRangeIsAnErrorNamingTheRecord()
    {
        using var temp = new TempFolder();
        WriteCifar10(temp.Path);
        var path = Path.Combine(temp.Path, "test_batch.bin");
        var bytes = File.ReadAllBytes(path);
        bytes[2 * 3073] = 10;
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<InvalidDataException>(() =>
            new Cifar10Dataset(new Cifar10Options { Root = temp.Path }, VisionTestContext.Create()).Load(DatasetSplit.Test));

        Assert.Contains(path, error.Message);
        Assert.Contains("record 2 (byte offset 6146) has label 10", error.Message);
        Assert.Contains("0..9", error.Message);
    }

    [Fact]
    public void ACifar100FineLabelOutOfRangeIsAnError()
    {
        using var temp = new TempFolder();
        var path = Path.Combine(temp.Path, "train.bin");
        DataFormats.WriteCifar(path, [[1, 2], [3, 100]], [new byte[Pixels], new byte[Pixels]]);

        var error = Assert.Throws<InvalidDataException>(() =>
            new Cifar100Dataset(new Cifar100Options { Root = temp.Path }, VisionTestContext.Create()).Load(DatasetSplit.Train));

        Assert.Contains(path, error.Message);
        Assert.Contains("record 1 (byte offset 3075) has fine label 100", error.Message);
        Assert.Contains("0..99", error.Message);
    }

    [Fact]
    public void MissingFilesWithoutDownloadSayWhichFilesToPlaceWhere()
    {
        using var temp = new TempFolder();
        File.WriteAllBytes(Path.Combine(temp.Path, "data_batch_1.bin"), new byte[3073]);

        var error = Assert.Throws<InvalidOperationException>(() =>
            new Cifar10Dataset(new Cifar10Options { Root = temp.Path }, VisionTestContext.Create()).Load(DatasetSplit.Train));

        Assert.Contains($"not in '{temp.Path}'", error.Message);
        Assert.Contains("missing: data_batch_2.bin, data_batch_3.bin, data_batch_4.bin, data_batch_5.bin)", error.Message);
        Assert.Contains("Place data_batch_1.bin, data_batch_2.bin, data_batch_3.bin, data_batch_4.bin, data_batch_5.bin, test_batch.bin in", error.Message);
        Assert.Contains("'cifar-10-batches-bin'", error.Message);
        Assert.Contains("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz", error.Message);
        Assert.Contains("download: true", error.Message);
    }

    [Fact]
    public void TheDefaultRootIsTheDataSetsFolderInTheCache()
    {
        Assert.Equal(Path.Combine("/data/cache", "cifar10"), DataRoot.Resolve("", "cifar10", environmentValue: "/data/cache"));
        Assert.Equal("/elsewhere/c10", DataRoot.Resolve("/elsewhere/c10", "cifar10", environmentValue: "/data/cache"));
        Assert.EndsWith(Path.Combine(".simlap", "data"), DataRoot.CacheFolder(environmentValue: " "));
        Assert.Equal(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "d"), DataRoot.Resolve("~/d", "x"));
    }
}
