using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using SimLap.Contracts.Components;
using SimLap.Contracts.Data;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Data;

/// <summary>
/// The built-in offline data set: small RGB images of a shape in a colour, one class per (shape, colour) combination,
/// so different classes share factors. Position, size, rotation, brightness and background noise are nuisances.
/// Label = shape * colours + colour; class names read <c>colour-shape</c> (for example <c>red-disk</c>).
/// </summary>
[SimLapComponent("synthetic", Description = "Procedural shape x colour images (offline, generated in memory).")]
public sealed class SyntheticDataset : IDataset, ITrainingSetPreflight, IDatasetDescription
{
    private readonly SyntheticDatasetOptions options;
    private readonly ILogger logger;
    private readonly long seed;

    /// <summary>Creates the data set; images are drawn when a split is loaded.</summary>
    public SyntheticDataset(SyntheticDatasetOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        this.options = options;
        logger = context.Logger;
        this.seed = options.Seed != 0 ? options.Seed : context.Seed;
        var classes = options.Shapes * options.Colours;
        var names = Enumerable.Range(0, classes).Select(label => SyntheticPalette.ClassName(label, options.Colours)).ToArray();
        Info = new DatasetInfo("synthetic", 3, options.ImageSize, options.ImageSize, names);
    }

    /// <inheritdoc />
    public DatasetInfo Info { get; }

    /// <inheritdoc />
    public ImageSet Load(DatasetSplit split)
    {
        var watch = Stopwatch.StartNew();
        var perClass = split == DatasetSplit.Train ? this.options.TrainPerClass : this.options.TestPerClass;
        var classes = Info.NumClasses;
        using var generator = new Generator(SplitSeed(this.seed, split));
        using var scope = NewDisposeScope();

        var ordered = arange(classes, dtype: ScalarType.Int64).repeat(perClass);
        var labels = ordered.index_select(0, randperm(ordered.shape[0], generator: generator));
        var shapes = labels.div(this.options.Colours, rounding_mode: RoundingMode.floor);
        var colours = labels.remainder(this.options.Colours);
        var images = SyntheticRenderer.Render(shapes, colours, this.options.ImageSize, this.options.Noise, generator);

        logger.LogDebug("Generated {Count} synthetic {Split} images in {Milliseconds} ms.", labels.shape[0], split, watch.ElapsedMilliseconds);
        // The caller owns the set, whatever dispose scope it loads in.
        return new ImageSet(images.DetachFromDisposeScope(), labels.DetachFromDisposeScope());
    }

    /// <inheritdoc />
    public TrainingSetSize? TrainingSet() => new((long)Info.NumClasses * this.options.TrainPerClass, Labelled: true);

    /// <remarks>Generated data: no files; the generator settings (with the seed the images are drawn from) identify it.</remarks>
    public DatasetDescription Describe() => new("synthetic", "code", "synthetic")
    {
        Settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["image_size"] = this.options.ImageSize.ToString(CultureInfo.InvariantCulture),
            ["shapes"] = this.options.Shapes.ToString(CultureInfo.InvariantCulture),
            ["colours"] = this.options.Colours.ToString(CultureInfo.InvariantCulture),
            ["train_per_class"] = this.options.TrainPerClass.ToString(CultureInfo.InvariantCulture),
            ["test_per_class"] = this.options.TestPerClass.ToString(CultureInfo.InvariantCulture),
            ["noise"] = this.options.Noise.ToString("R", CultureInfo.InvariantCulture),
            ["seed"] = this.seed.ToString(CultureInfo.InvariantCulture),
        },
    };

    /// <summary>A well-mixed generator seed for one split (SplitMix64 finaliser), so train and test differ.</summary>
    private static ulong SplitSeed(long seed, DatasetSplit split)
    {
        unchecked
        {
            var z = (ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)split + 1;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
