using SimLap.Contracts.Data;
using SimLap.Plugins.Core.Data;
using SimLap.Plugins.Core.Data.Formats;

namespace SimLap.Plugins.Core.Tests.Data;

/// <summary>image-folder and symbolic links: loops and links to another class are read once, links out of the root and dangling ones are errors naming them.</summary>
public sealed class ImageFolderLinkTests
{
    [Fact]
    public void ALinkLoopAndALinkToAnotherClassLoadExactlyTheTwentyImagesWithTheirOwnLabels()
    {
        using var temp = new TempFolder();
        var pixels = WriteCatsAndDogs(temp);
        Directory.CreateSymbolicLink(Path.Combine(temp.Path, "train", "cat", "loop"), "..");
        Directory.CreateSymbolicLink(Path.Combine(temp.Path, "train", "cat", "dogs"), "../dog");
        Directory.CreateSymbolicLink(Path.Combine(temp.Path, "train", "dog", "self"), ".");
        var dataset = new ImageFolderDataset(new ImageFolderOptions { Root = temp.Path, ImageSize = 8 }, VisionTestContext.Create());

        using var train = dataset.Load(DatasetSplit.Train);
        var listing = ImageFolderScanner.Labelled(Path.Combine(temp.Path, "train"), ["cat", "dog"], temp.Path);

        Assert.Equal(["cat", "dog"], dataset.Info.ClassNames);
        Assert.Equal(20, train.Count);
        Assert.Equal([.. Enumerable.Repeat(0L, 10), .. Enumerable.Repeat(1L, 10)], train.Labels!.data<long>().ToArray());
        var expected = pixels.OrderBy(p => p.Key, StringComparer.Ordinal).SelectMany(p => ImageFolderFixture.Planar(p.Value, 64)).ToArray();
        Assert.Equal(expected, train.Images.data<byte>().ToArray());
        Assert.Equal(3, listing.Warnings.Count);
        Assert.Contains(listing.Warnings, w => w.StartsWith($"'{Path.Combine(temp.Path, "train", "cat", "loop")}' leads to the folder '{Path.Combine(temp.Path, "train")}', which is read once already", StringComparison.Ordinal));
    }

    [Fact]
    public void AFileLinkInsideTheRootIsReadAndOneOutOfTheRootIsAnErrorNamingBoth()
    {
        using var temp = new TempFolder();
        using var elsewhere = new TempFolder();
        WriteCatsAndDogs(temp);
        var extra = temp.File("extra", "cat.png");
        ImageFolderFixture.WriteImage(extra, 8, 8, DataFormats.RandomBytes(192, 99));
        File.CreateSymbolicLink(Path.Combine(temp.Path, "train", "cat", "z-extra.png"), extra);
        var options = new ImageFolderOptions { Root = temp.Path, ImageSize = 8 };

        using var inside = new ImageFolderDataset(options, VisionTestContext.Create()).Load(DatasetSplit.Train);

        Assert.Equal(21, inside.Count);

        var outside = elsewhere.File("secret.png");
        ImageFolderFixture.WriteImage(outside, 8, 8, DataFormats.RandomBytes(192, 98));
        var link = Path.Combine(temp.Path, "train", "dog", "out.png");
        File.CreateSymbolicLink(link, outside);
        var error = Assert.Throws<InvalidDataException>(() => new ImageFolderDataset(options, VisionTestContext.Create()).Load(DatasetSplit.Train));

        Assert.StartsWith($"'{link}' is a symbolic link to '{outside}', which leads to '{outside}', outside the data set's root '{temp.Path}'.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFolderLinkOutOfTheRootIsAnError()
    {
        using var temp = new TempFolder();
        using var elsewhere = new TempFolder();
        WriteCatsAndDogs(temp);
        var link = Path.Combine(temp.Path, "train", "dog", "more");
        Directory.CreateSymbolicLink(link, elsewhere.Path);

        var error = Assert.Throws<InvalidDataException>(() => new ImageFolderDataset(new ImageFolderOptions { Root = temp.Path, ImageSize = 8 }, VisionTestContext.Create()).Load(DatasetSplit.Train));

        Assert.Contains($"'{link}' is a symbolic link to '{elsewhere.Path}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("outside the data set's root", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADanglingImageLinkOrClassLinkIsNamedWithItsMissingTarget()
    {
        using var temp = new TempFolder();
        WriteCatsAndDogs(temp);
        var image = Path.Combine(temp.Path, "train", "cat", "gone.png");
        File.CreateSymbolicLink(image, "nowhere.png");
        var options = new ImageFolderOptions { Root = temp.Path, ImageSize = 8 };

        var imageError = Assert.Throws<InvalidDataException>(() => new ImageFolderDataset(options, VisionTestContext.Create()).Load(DatasetSplit.Train));

        Assert.Equal($"'{image}' is a symbolic link to 'nowhere.png', which does not exist; restore its target or remove the link.", imageError.Message);

        File.Delete(image);
        var classLink = Path.Combine(temp.Path, "train", "bird");
        Directory.CreateSymbolicLink(classLink, Path.Combine(temp.Path, "birds"));
        var classError = Assert.Throws<InvalidDataException>(() => new ImageFolderDataset(options, VisionTestContext.Create()));

        Assert.Equal($"'{classLink}' is a symbolic link to '{Path.Combine(temp.Path, "birds")}', which does not exist; restore its target or remove the link.", classError.Message);
    }

    [Fact]
    public void TheDecoderNamesTheRealProblemAFolderAnEmptyFileOrADanglingLink()
    {
        using var temp = new TempFolder();
        var folder = temp.Folder("folder.png");
        var empty = temp.File("empty.png");
        File.WriteAllBytes(empty, []);
        var dangling = temp.File("dangling.png");
        File.CreateSymbolicLink(dangling, "missing.png");
        var buffer = new byte[8 * 8 * SkiaImageDecoder.BytesPerPixel];

        Assert.Equal($"Cannot read the image '{folder}': it is a folder, not an image file; move the images out of it or rename it.", Assert.Throws<InvalidDataException>(() => SkiaImageDecoder.DecodeRgba(folder, 8, buffer)).Message);
        Assert.Equal($"Cannot read the image '{empty}': the file is empty (0 bytes); fix or remove it.", Assert.Throws<InvalidDataException>(() => SkiaImageDecoder.DecodeRgba(empty, 8, buffer)).Message);
        Assert.Equal($"Cannot read the image '{dangling}': it is a symbolic link to 'missing.png', which does not exist; restore its target or remove the link.", Assert.Throws<InvalidDataException>(() => SkiaImageDecoder.DecodeRgba(dangling, 8, buffer)).Message);
    }

    [Fact]
    public void ARootThatIsAFileSaysSo()
    {
        using var temp = new TempFolder();
        var file = temp.File("images.zip");
        File.WriteAllBytes(file, [1, 2, 3]);

        var error = Assert.Throws<InvalidOperationException>(() => new ImageFolderDataset(new ImageFolderOptions { Root = file, TrainSplit = "" }, VisionTestContext.Create()));

        Assert.StartsWith($"'{file}' is a file where image-folder expects a folder", error.Message, StringComparison.Ordinal);
    }

    /// <summary>train/cat and train/dog with 10 distinct 8x8 PNGs each; returns their pixels by path.</summary>
    private static Dictionary<string, byte[]> WriteCatsAndDogs(TempFolder temp)
    {
        var pixels = new Dictionary<string, byte[]>();
        foreach (var (name, offset) in new[] { ("cat", 0), ("dog", 10) })
        {
            for (var i = 0; i < 10; i++)
            {
                var path = temp.File("train", name, $"{i:00}.png");
                pixels[path] = DataFormats.RandomBytes(192, offset + i);
                ImageFolderFixture.WriteImage(path, 8, 8, pixels[path]);
            }
        }

        return pixels;
    }
}
