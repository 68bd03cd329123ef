using SimLap.Contracts.Data;
using SimLap.Plugins.Core.Data;

namespace SimLap.Plugins.Core.Tests.Data;

/// <summary>What each built-in data set declares for its run input: the files it reads and the settings that choose its images.</summary>
public sealed class DatasetDescriptionTests
{
    [Fact]
    public void AnIdxDataSetDeclaresItsFourFilesAsFoundRawOrGzippedAndNoSettingsWhenNothingIsDrawn()
    {
        using var temp = new TempFolder();
        IdxDatasetTests.WriteIdx(temp.Path);
        File.WriteAllText(Path.Combine(temp.Path, "notes.txt"), "not read by the loader");

        var description = ((IDatasetDescription)new FashionMnistDataset(new IdxDatasetOptions { Root = temp.Path }, VisionTestContext.Create())).Describe();

        Assert.Equal(("fashion-mnist", "local", temp.Path), (description.Name, description.SourceType, description.Source));
        Assert.Equal(
            ["t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"],
            description.Files.Select(Path.GetFileName));
        Assert.Empty(description.Settings);
    }

    [Fact]
    public void ASubsetOrAValidationSplitAddsItsSettingsAndTheSeedItIsDrawnWith()
    {
        using var temp = new TempFolder();
        IdxDatasetTests.WriteIdx(temp.Path);
        var options = new IdxDatasetOptions { Root = temp.Path, Fraction = 0.5, ValidationFraction = 0.2, EvaluateOn = EvaluationSplit.Validation, LabelFree = true };

        var settings = new MnistDataset(options, VisionTestContext.Create(seed: 42)).Describe().Settings;

        Assert.Equal(
            [("evaluate_on", "validation"), ("fraction", "0.5"), ("label_free", "true"), ("seed", "42"), ("validation_fraction", "0.2")],
            settings.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => (s.Key, s.Value)));
    }

    [Fact]
    public void TheSyntheticDataSetIsGeneratedAndDeclaresItsGeneratorSettingsWithTheSeedItDraws()
    {
        var options = new SyntheticDatasetOptions { ImageSize = 16, Shapes = 2, Colours = 3, TrainPerClass = 5, TestPerClass = 4, Noise = 0.25 };

        var derived = new SyntheticDataset(options, VisionTestContext.Create(seed: 9)).Describe();
        var own = new SyntheticDataset(new SyntheticDatasetOptions { Seed = 3 }, VisionTestContext.Create(seed: 9)).Describe();

        Assert.Equal(("synthetic", "code", "synthetic"), (derived.Name, derived.SourceType, derived.Source));
        Assert.Empty(derived.Files);
        Assert.Equal(
            [("colours", "3"), ("image_size", "16"), ("noise", "0.25"), ("seed", "9"), ("shapes", "2"), ("test_per_class", "4"), ("train_per_class", "5")],
            derived.Settings.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => (s.Key, s.Value)));
        Assert.Equal("3", own.Settings["seed"]);
    }

    [Fact]
    public void AnImageFolderDeclaresTheImagesOfBothSplitsAndItsDecodingSettings()
    {
        using var temp = new TempFolder();
        ImageFolderFixture.WriteFolder(temp.Path);
        File.WriteAllText(Path.Combine(temp.Path, "train", "README.md"), "not an image");

        var description = new ImageFolderDataset(new ImageFolderOptions { Root = temp.Path, ImageSize = 8, Channels = 1 }, VisionTestContext.Create()).Describe();

        Assert.Equal(8, description.Files.Count);
        Assert.All(description.Files, f => Assert.EndsWith(".png", f, StringComparison.Ordinal));
        Assert.Equal(Path.Combine(temp.Path, "test", "cat", "img0.png"), description.Files[0]);
        Assert.Equal(("8", "1", "train", "test"), (description.Settings["image_size"], description.Settings["channels"], description.Settings["train_split"], description.Settings["test_split"]));
    }
}
