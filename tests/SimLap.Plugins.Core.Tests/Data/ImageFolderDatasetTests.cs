using SimLap.Contracts.Data;
using SimLap.Plugins.Core.Data;
using SkiaSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Data;

public sealed class ImageFolderDatasetTests
{
    [Fact]
    public void ReadsPngsExactlyWithSortedClassFoldersAsLabels()
    {
        using var temp = new TempFolder();
        var images = ImageFolderFixture.WriteFolder(temp.Path);
        var dataset = new ImageFolderDataset(new ImageFolderOptions { Root = temp.Path, ImageSize = 8 }, VisionTestContext.Create());

        using var train = dataset.Load(DatasetSplit.Train);
        using var test = dataset.Load(DatasetSplit.Test);

        Assert.Equal(new[] { "cat", "zebra" }, dataset.Info.ClassNames);
        Assert.Equal(("image-folder", 3, 8, 8), (dataset.Info.Name, dataset.Info.Channels, dataset.Info.Height, dataset.Info.Width));
        Assert.Equal(new long[] { 6, 3, 8, 8 }, train.Images.shape);
        Assert.Equal(new long[] { 0, 0, 0, 1, 1, 1 }, train.Labels!.data<long>().ToArray());
        var order = new[] { "cat/img0", "cat/img1", "cat/img2", "zebra/img0", "zebra/img1", "zebra/img2" };
        var expected = order.SelectMany(name => ImageFolderFixture.Planar(images[Path.Combine(temp.Path, "train", name + ".png")], 64)).ToArray();
        Assert.Equal(expected, train.Images.data<byte>().ToArray());
        Assert.Equal(new long[] { 0, 1 }, test.Labels!.data<long>().ToArray());
        Assert.Equal(ImageFolderFixture.Planar(images[Path.Combine(temp.Path, "test", "zebra", "img0.png")], 64), test.Images[1].data<byte>().ToArray());
    }

    [Fact]
    public void ResizesCropsAndConvertsToGrayscale()
    {
        using var temp = new TempFolder();
        // A 24x16 image: a centre 16x16 square of one colour, with differently coloured 4-pixel bands left and right (cropped away).
        var rgb = new byte[24 * 16 * 3];
        for (var p = 0; p < 24 * 16; p++)
        {
            var x = p % 24;
            (rgb[3 * p], rgb[3 * p + 1], rgb[3 * p + 2]) = x < 4 || x >= 20 ? ((byte)255, (byte)255, (byte)255) : ((byte)200, (byte)100, (byte)20);
        }

        ImageFolderFixture.WriteImage(Path.Combine(temp.Path, "train", "a", "wide.png"), 24, 16, rgb);
        ImageFolderFixture.WriteImage(Path.Combine(temp.Path, "train", "a", "photo.jpg"), 24, 16, rgb, SKEncodedImageFormat.Jpeg);

        using var colour = new ImageFolderDataset(new ImageFolderOptions { Root = temp.Path, ImageSize = 8 }, VisionTestContext.Create()).Load(DatasetSplit.Train);
        using var gray = new ImageFolderDataset(new ImageFolderOptions { Root = temp.Path, ImageSize = 8, Channels = 1 }, VisionTestContext.Create()).Load(DatasetSplit.Train);

        Assert.Equal(new long[] { 2, 3, 8, 8 }, colour.Images.shape);
        // photo.jpg sorts before wide.png. The PNG is exact after the crop; the JPEG is close.
        var png = colour.Images[1].to_type(ScalarType.Int32);
        Assert.Equal(new[] { 200, 100, 20 }, png.amin([1, 2]).data<int>().ToArray());
        Assert.Equal(new[] { 200, 100, 20 }, png.amax([1, 2]).data<int>().ToArray());
        var jpeg = colour.Images[0].to_type(ScalarType.Float32).mean([1, 2]).data<float>().ToArray();
        Assert.True(Math.Abs(jpeg[0] - 200) < 12 && Math.Abs(jpeg[1] - 100) < 12 && Math.Abs(jpeg[2] - 20) < 12, string.Join(", ", jpeg));
        Assert.Equal(new long[] { 2, 1, 8, 8 }, gray.Images.shape);
        var luma = (byte)Math.Round(0.299 * 200 + 0.587 * 100 + 0.114 * 20);
        Assert.True(gray.Images[1].eq(luma).all().item<bool>(), $"expected luma {luma}");
    }

    [Fact]
    public void LabelFreeTakesImagesAtAnyDepthWithoutClassFolders()
    {
        using var temp = new TempFolder();
        ImageFolderFixture.WriteImage(Path.Combine(temp.Path, "b.png"), 8, 8, DataFormats.RandomBytes(192, 1));
        ImageFolderFixture.WriteImage(Path.Combine(temp.Path, "nested", "a.png"), 8, 8, DataFormats.RandomBytes(192, 2));
        File.WriteAllText(Path.Combine(temp.Path, "notes.txt"), "not an image");
        var dataset = new ImageFolderDataset(new ImageFolderOptions { Root = temp.Path, TrainSplit = "", ImageSize = 8, LabelFree = true }, VisionTestContext.Create());

        using var train = dataset.Load(DatasetSplit.Train);

        Assert.Null(train.Labels);
        Assert.Equal(0, dataset.Info.NumClasses);
        Assert.Equal(2, train.Count);
    }

    [Fact]
    public void ACorruptOrTruncatedImageIsAnErrorNamingTheFile()
    {
        using var temp = new TempFolder();
        ImageFolderFixture.WriteFolder(temp.Path);
        var garbage = Path.Combine(temp.Path, "train", "cat", "img1.png");
        File.WriteAllBytes(garbage, DataFormats.RandomBytes(300, 7));
        var truncated = Path.Combine(temp.Path, "test", "zebra", "img0.png");
        var bytes = File.ReadAllBytes(truncated);
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        var dataset = new ImageFolderDataset(new ImageFolderOptions { Root = temp.Path, ImageSize = 8 }, VisionTestContext.Create());

        var trainError = Assert.Throws<InvalidDataException>(() => dataset.Load(DatasetSplit.Train));
        var testError = Assert.Throws<InvalidDataException>(() => dataset.Load(DatasetSplit.Test));

        Assert.Contains($"Cannot read the image '{garbage}'", trainError.Message);
        Assert.Contains($"Cannot read the image '{truncated}'", testError.Message);
    }

    [Fact]
    public void AMissingFolderSaysWhereToPutTheImagesAndHowToEvaluateWithoutATestSplit()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(Path.Combine(temp.Path, "train", "cat"));
        File.WriteAllBytes(Path.Combine(temp.Path, "train", "cat", "x.png"), [1]);

        var missingRoot = Assert.Throws<InvalidOperationException>(() =>
            new ImageFolderDataset(new ImageFolderOptions { Root = Path.Combine(temp.Path, "nowhere") }, VisionTestContext.Create()));
        var missingTest = Assert.Throws<InvalidOperationException>(() =>
            new ImageFolderDataset(new ImageFolderOptions { Root = temp.Path }, VisionTestContext.Create()).Load(DatasetSplit.Test));

        Assert.Contains(Path.Combine(temp.Path, "nowhere", "train"), missingRoot.Message);
        Assert.Contains("<root>/train/<class>/*.png", missingRoot.Message);
        Assert.Contains(Path.Combine(temp.Path, "test"), missingTest.Message);
        Assert.Contains("evaluate_on: validation", missingTest.Message);
    }

    [Fact]
    public void AnEmptyClassFolderOrATestClassUnknownToTrainingIsAnError()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(Path.Combine(temp.Path, "train", "cat"));
        File.WriteAllBytes(Path.Combine(temp.Path, "train", "cat", "x.png"), [1]);
        Directory.CreateDirectory(Path.Combine(temp.Path, "train", "dog"));
        Directory.CreateDirectory(Path.Combine(temp.Path, "test", "cow"));
        var dataset = new ImageFolderDataset(new ImageFolderOptions { Root = temp.Path }, VisionTestContext.Create());

        var empty = Assert.Throws<InvalidDataException>(() => dataset.Load(DatasetSplit.Train));
        var unknown = Assert.Throws<InvalidDataException>(() => dataset.Load(DatasetSplit.Test));

        Assert.Contains($"'{Path.Combine(temp.Path, "train", "dog")}' holds no images", empty.Message);
        Assert.Contains("'cow'", unknown.Message);
    }
}
