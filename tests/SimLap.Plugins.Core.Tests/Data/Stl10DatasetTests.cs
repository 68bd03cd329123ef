using System.ComponentModel.DataAnnotations;
using SimLap.Contracts.Data;
using SimLap.Plugins.Core.Data;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Data;

public sealed class Stl10DatasetTests
{
    private const int Side = 96;
    private const int ImageBytes = 3 * Side * Side;

    /// <summary>Writes <paramref name="count"/> images in STL-10's column-major layout; returns them as [N, C, H, W] bytes.</summary>
    private static byte[] WriteImages(string path, int count, int seed)
    {
        // The images as a reader should see them: [N, C, H, W] (row-major within a channel).
        var expected = DataFormats.RandomBytes(count * ImageBytes, seed);
        var file = new byte[expected.Length];
        for (var n = 0; n < count; n++)
        {
            for (var c = 0; c < 3; c++)
            {
                for (var row = 0; row < Side; row++)
                {
                    for (var column = 0; column < Side; column++)
                    {
                        // The file is column-major per channel: index [c, column, row].
                        file[n * ImageBytes + c * Side * Side + column * Side + row] = expected[n * ImageBytes + c * Side * Side + row * Side + column];
                    }
                }
            }
        }

        File.WriteAllBytes(path, file);
        return expected;
    }

    private static (byte[] Train, byte[] Test, byte[] Unlabelled) WriteStl10(string folder)
    {
        Directory.CreateDirectory(folder);
        var train = WriteImages(Path.Combine(folder, "train_X.bin"), 4, 1);
        File.WriteAllBytes(Path.Combine(folder, "train_y.bin"), [1, 10, 3, 7]);
        var test = WriteImages(Path.Combine(folder, "test_X.bin"), 2, 2);
        File.WriteAllBytes(Path.Combine(folder, "test_y.bin"), [5, 2]);
        var unlabelled = WriteImages(Path.Combine(folder, "unlabeled_X.bin"), 3, 3);
        return (train, test, unlabelled);
    }

    [Fact]
    public void ReadsImagesTransposedToRowsFirstAndLabelsFromZero()
    {
        using var temp = new TempFolder();
        var (train, test, _) = WriteStl10(Path.Combine(temp.Path, "stl10_binary"));
        var dataset = new Stl10Dataset(new Stl10Options { Root = temp.Path }, VisionTestContext.Create());

        using var trainSet = dataset.Load(DatasetSplit.Train);
        using var testSet = dataset.Load(DatasetSplit.Test);

        Assert.Equal(("stl10", 3, 96, 96, 10, "monkey"), (dataset.Info.Name, dataset.Info.Channels, dataset.Info.Height, dataset.Info.Width, dataset.Info.NumClasses, dataset.Info.ClassNames[7]));
        Assert.Equal(new long[] { 4, 3, 96, 96 }, trainSet.Images.shape);
        Assert.Equal(train, trainSet.Images.data<byte>().ToArray());
        Assert.Equal(new long[] { 0, 9, 2, 6 }, trainSet.Labels!.data<long>().ToArray());
        Assert.Equal(test, testSet.Images.data<byte>().ToArray());
        Assert.Equal(new long[] { 4, 1 }, testSet.Labels!.data<long>().ToArray());
        // Not a symmetric accident: [row 3, column 50] differs from [row 50, column 3] and matches the row-major source.
        Assert.Equal(train[ImageBytes + 2 * Side * Side + 3 * Side + 50], trainSet.Images[1, 2, 3, 50].item<byte>());
    }

    [Fact]
    public void TheUnlabelledSplitIsLabelFreeAndCanBeJoinedToTheTrainingImages()
    {
        using var temp = new TempFolder();
        var (train, _, unlabelled) = WriteStl10(temp.Path);

        using var only = new Stl10Dataset(new Stl10Options { Root = temp.Path, TrainSplit = Stl10Split.Unlabeled }, VisionTestContext.Create()).Load(DatasetSplit.Train);
        using var both = new Stl10Dataset(new Stl10Options { Root = temp.Path, TrainSplit = Stl10Split.TrainAndUnlabeled }, VisionTestContext.Create()).Load(DatasetSplit.Train);

        Assert.Null(only.Labels);
        Assert.Equal(unlabelled, only.Images.data<byte>().ToArray());
        Assert.Null(both.Labels);
        Assert.Equal([.. train, .. unlabelled], both.Images.data<byte>().ToArray());
    }

    [Fact]
    public void UnlabelledPreTrainingOffersTheLabelledTrainingImagesAsTheEvaluationReference()
    {
        using var temp = new TempFolder();
        var (train, _, _) = WriteStl10(temp.Path);

        var unlabelled = new Stl10Dataset(new Stl10Options { Root = temp.Path, TrainSplit = Stl10Split.Unlabeled }, VisionTestContext.Create());
        using var reference = unlabelled.LoadLabelledReference();
        var labelled = new Stl10Dataset(new Stl10Options { Root = temp.Path, TrainSplit = Stl10Split.Train }, VisionTestContext.Create());

        Assert.NotNull(reference);
        Assert.Equal(train, reference!.Images.data<byte>().ToArray());
        Assert.Equal([0L, 9, 2, 6], reference.Labels!.data<long>().ToArray());
        Assert.Null(labelled.LoadLabelledReference());
    }

    [Fact]
    public void LabelsOutOfOneToTenAreAnErrorNamingTheRecord()
    {
        using var temp = new TempFolder();
        WriteStl10(temp.Path);
        var path = Path.Combine(temp.Path, "train_y.bin");
        File.WriteAllBytes(path, [1, 2, 0, 4]);

        var error = Assert.Throws<InvalidDataException>(() =>
            new Stl10Dataset(new Stl10Options { Root = temp.Path }, VisionTestContext.Create()).Load(DatasetSplit.Train));

        Assert.Contains(path, error.Message);
        Assert.Contains("record 2 (byte offset 2) has label 0", error.Message);
        Assert.Contains("1..10", error.Message);
    }

    [Fact]
    public void ATruncatedImagesFileIsAnErrorWithTheOffsets()
    {
        using var temp = new TempFolder();
        WriteStl10(temp.Path);
        var path = Path.Combine(temp.Path, "test_X.bin");
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..(ImageBytes + 10)]);

        var error = Assert.Throws<InvalidDataException>(() =>
            new Stl10Dataset(new Stl10Options { Root = temp.Path }, VisionTestContext.Create()).Load(DatasetSplit.Test));

        Assert.Contains(path, error.Message);
        Assert.Contains($"byte offset {ImageBytes + 10}, inside image 1", error.Message);
        Assert.Contains($"{2 * ImageBytes} bytes long", error.Message);
    }

    [Fact]
    public void ALabelsFileShorterThanTheImagesIsAnError()
    {
        using var temp = new TempFolder();
        WriteStl10(temp.Path);
        var path = Path.Combine(temp.Path, "train_y.bin");
        File.WriteAllBytes(path, [1, 2, 3]);

        var error = Assert.Throws<InvalidDataException>(() =>
            new Stl10Dataset(new Stl10Options { Root = temp.Path }, VisionTestContext.Create()).Load(DatasetSplit.Train));

        Assert.Contains($"'{path}' is truncated: its data end at byte offset 3", error.Message);
        Assert.Contains("holds 4 images", error.Message);
    }

    [Fact]
    public void OptionsRefusePerClassOnLabelFreeSplitsAndEvaluationOnUnlabelledImages()
    {
        var options = new Stl10Options { TrainSplit = Stl10Split.Unlabeled, PerClass = 10, TestSplit = Stl10Split.Unlabeled };
        var results = new List<ValidationResult>();

        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        Assert.Equal(new[] { "PerClass", "TestSplit" }, results.SelectMany(r => r.MemberNames).Order().ToArray());
    }
}
