using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using SimLap.Contracts.Data;
using SimLap.Plugins.Core.Data;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Data;

public sealed class SyntheticDatasetTests(ITestOutputHelper output)
{
    private static SyntheticDataset Create(long contextSeed = 1, long seed = 0, int perClass = 10, int shapes = 4, int colours = 3) =>
        new(new SyntheticDatasetOptions { Seed = seed, TrainPerClass = perClass, TestPerClass = perClass, Shapes = shapes, Colours = colours },
            VisionTestContext.Create(contextSeed));

    [Fact]
    public void InfoNamesClassesColourThenShapeWithLabelShapeTimesColoursPlusColour()
    {
        var info = Create().Info;

        Assert.Equal(("synthetic", 3, 32, 32, 12), (info.Name, info.Channels, info.Height, info.Width, info.NumClasses));
        Assert.Equal("red-disk", info.ClassNames[0]);
        Assert.Equal("blue-square", info.ClassNames[1 * 3 + 2]);
        Assert.Equal("green-ring", info.ClassNames[3 * 3 + 1]);
        Assert.Equal(48, Create(shapes: 6, colours: 8).Info.NumClasses);
        Assert.Equal("white-bar", Create(shapes: 6, colours: 8).Info.ClassNames[47]);
    }

    [Fact]
    public void SplitsHaveTheRightShapesTypesAndBalancedLabels()
    {
        var dataset = new SyntheticDataset(
            new SyntheticDatasetOptions { ImageSize = 20, TrainPerClass = 7, TestPerClass = 3 }, VisionTestContext.Create());
        using var train = dataset.Load(DatasetSplit.Train);
        using var test = dataset.Load(DatasetSplit.Test);

        Assert.Equal(new long[] { 84, 3, 20, 20 }, train.Images.shape);
        Assert.Equal(new long[] { 36, 3, 20, 20 }, test.Images.shape);
        Assert.Equal(ScalarType.Byte, train.Images.dtype);
        Assert.Equal(ScalarType.Int64, train.Labels!.dtype);
        Assert.Equal(Enumerable.Repeat(7L, 12), train.Labels.bincount(null).data<long>().ToArray());
        Assert.Equal(Enumerable.Repeat(3L, 12), test.Labels!.bincount(null).data<long>().ToArray());
        // The images use the intensity range: dark background and bright shapes.
        Assert.True(train.Images.min().item<byte>() < 30 && train.Images.max().item<byte>() > 220);
    }

    [Fact]
    public void DataIsDeterministicForASeedAndDiffersAcrossSeedsAndSplits()
    {
        using var first = Create(contextSeed: 3).Load(DatasetSplit.Train);
        using var again = Create(contextSeed: 3).Load(DatasetSplit.Train);
        using var explicitSeed = Create(contextSeed: 99, seed: 3).Load(DatasetSplit.Train);
        using var otherSeed = Create(contextSeed: 4).Load(DatasetSplit.Train);
        using var test = Create(contextSeed: 3).Load(DatasetSplit.Test);

        Assert.True(Same(first.Images, again.Images) && Same(first.Labels!, again.Labels!));
        Assert.True(Same(first.Images, explicitSeed.Images), "seed: 3 equals the experiment seed 3 with seed: 0");
        Assert.False(Same(first.Images, otherSeed.Images));
        Assert.False(Same(first.Labels!, otherSeed.Labels!));
        Assert.False(Same(first.Images, test.Images));
    }

    [Fact]
    public void ClassesSharingAColourShareTheirMeanChroma()
    {
        using var set = Create(perClass: 40).Load(DatasetSplit.Train);
        var chroma = ClassChroma(set, 12);

        // Labels: red-disk 0, green-disk 1, blue-disk 2, red-square 3, red-triangle 6, red-ring 9, blue-ring 11.
        foreach (var sameColour in new[] { (0, 3), (0, 6), (0, 9), (2, 11), (1, 4) })
        {
            Assert.True(Cosine(chroma[sameColour.Item1], chroma[sameColour.Item2]) > 0.95, $"classes {sameColour} share a colour");
        }

        foreach (var otherColour in new[] { (0, 1), (0, 2), (3, 5), (9, 11) })
        {
            Assert.True(Cosine(chroma[otherColour.Item1], chroma[otherColour.Item2]) < 0.2, $"classes {otherColour} differ in colour");
        }
    }

    [Fact]
    public void ClassesSharingAShapeShareTheirCoverageAndDifferentShapesDoNot()
    {
        // Without noise the background is flat, and the corners are always background (shapes stay inside the image):
        // the fraction of pixels that differ from the corner is the shape's coverage.
        var dataset = new SyntheticDataset(new SyntheticDatasetOptions { TrainPerClass = 60, Noise = 0.0 }, VisionTestContext.Create());
        using var set = dataset.Load(DatasetSplit.Train);
        using var scope = NewDisposeScope();
        var images = set.Images.to(ScalarType.Float32);
        var corner = images.narrow(2, 0, 1).narrow(3, 0, 1);
        var coverage = images.sub(corner).abs().sum([1]).gt(30).to(ScalarType.Float32).mean([1, 2]);
        var labels = set.Labels!;
        double Mean(int label) => coverage.masked_select(labels.eq(label)).mean().item<float>();

        // Labels: shape * 3 + colour; shapes disk 0, square 1, triangle 2, ring 3 (areas pi, 2.56, 1.57, 1.88 in shape units).
        for (var shape = 0; shape < 4; shape++)
        {
            var reference = Mean(shape * 3);
            for (var colour = 1; colour < 3; colour++)
            {
                Assert.InRange(Mean(shape * 3 + colour), reference * 0.88, reference * 1.12);
            }
        }

        for (var colour = 0; colour < 3; colour++)
        {
            Assert.True(Mean(colour) > Mean(3 + colour) && Mean(3 + colour) > Mean(9 + colour) && Mean(9 + colour) > Mean(6 + colour), $"colour {colour}");
        }
    }

    [Fact]
    public void LoadedSetsOutliveTheCallersDisposeScope()
    {
        ImageSet set;
        using (NewDisposeScope())
        {
            set = Create().Load(DatasetSplit.Test);
        }

        using (set)
        {
            Assert.Equal(120L, set.Labels!.bincount(null).sum().item<long>());
        }
    }

    [Fact]
    public void OptionsRejectOutOfRangeValues()
    {
        var options = new SyntheticDatasetOptions { Shapes = 7, Colours = 0, ImageSize = 4 };
        var results = new List<ValidationResult>();

        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        Assert.Equal(
            new[] { "Colours", "ImageSize", "Shapes" },
            results.SelectMany(result => result.MemberNames).Order().ToArray());
        var defaults = new SyntheticDatasetOptions();
        Assert.True(Validator.TryValidateObject(defaults, new ValidationContext(defaults), results, validateAllProperties: true));
    }

    [Fact]
    public void GeneratesTheDefaultTrainingSplitInUnderASecond()
    {
        var dataset = new SyntheticDataset(new SyntheticDatasetOptions(), VisionTestContext.Create());
        var watch = Stopwatch.StartNew();
        using var train = dataset.Load(DatasetSplit.Train);
        watch.Stop();

        output.WriteLine($"synthetic: {train.Count} images of 32 px in {watch.ElapsedMilliseconds} ms");
        Assert.Equal(2400, train.Count);
        Assert.True(watch.ElapsedMilliseconds < 5000, $"took {watch.ElapsedMilliseconds} ms");
    }

    /// <summary>Per class, the mean over images of the channel means minus their grey level: the colour's direction.</summary>
    private static double[][] ClassChroma(ImageSet set, int classes)
    {
        using var scope = NewDisposeScope();
        var channelMeans = set.Images.to(ScalarType.Float32).mean([2, 3]);
        var chroma = channelMeans.sub(channelMeans.mean([1], keepdim: true));
        return Enumerable.Range(0, classes)
            .Select(label => chroma.index_select(0, set.Labels!.eq(label).nonzero().squeeze(1)).mean([0]).to(ScalarType.Float64).data<double>().ToArray())
            .ToArray();
    }

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    private static double Cosine(double[] a, double[] b) =>
        a.Zip(b, (x, y) => x * y).Sum() / Math.Sqrt(a.Sum(x => x * x) * b.Sum(y => y * y));
}
