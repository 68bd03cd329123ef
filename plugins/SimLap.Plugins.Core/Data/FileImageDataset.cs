using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using SimLap.Contracts.Components;
using SimLap.Contracts.Data;
using SimLap.Plugins.Core.Data.Download;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Data;

/// <summary>
/// The part every file-backed data set shares: reading a whole split (the subclass's job), then carving out the
/// validation split, taking the training subset, and dropping the labels for label-free use, in that order.
/// The validation split depends only on the seed (not on the subset), so changing <c>fraction</c> never moves
/// an image between training and validation; only the training split is subset, so evaluation stays comparable.
/// </summary>
public abstract class FileImageDataset : IDataset, IDatasetPreflight, ITrainingSetPreflight, IDatasetDescription
{
    // The purposes of the two seeded draws: the validation split, then the training subset.
    private const int ValidationPurpose = 1;
    private const int SubsetPurpose = 2;

    private readonly ImageDatasetOptions options;
    private readonly long seed;

    /// <summary>Creates the data set; <paramref name="info"/> describes the images with labels (label-free is applied here).</summary>
    protected FileImageDataset(ImageDatasetOptions options, ComponentContext context, DatasetInfo info, string folderName)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(info);
        this.options = options;
        Logger = context.Logger;
        this.seed = options.Seed != 0 ? options.Seed : context.Seed;
        Folder = DataRoot.Resolve(options.Root, folderName);
        Info = options.LabelFree ? info with { ClassNames = [] } : info;
    }

    /// <inheritdoc />
    public DatasetInfo Info { get; }

    /// <summary>The folder holding the data set's files.</summary>
    public string Folder { get; }

    /// <summary>The component's logger.</summary>
    protected ILogger Logger { get; }

    /// <inheritdoc />
    public ImageSet Load(DatasetSplit split)
    {
        var watch = Stopwatch.StartNew();
        using var scope = NewDisposeScope();
        ImageSet set;
        string description;
        if (split == DatasetSplit.Test && (this.options.EvaluateOn == EvaluationSplit.Test || !(this.options.ValidationFraction > 0.0)))
        {
            set = ReadSplit(DatasetSplit.Test);
            description = "test";
        }
        else if (split == DatasetSplit.Train)
        {
            set = ReadSplit(DatasetSplit.Train);
            description = "train";
            var kept = TrainingIndices(set.Count, set.Labels, warn: true);
            // Kept in file order, so keeping as many as there are is keeping the set as it is.
            set = kept.shape[0] == set.Count ? set : set.Subset(kept);
        }
        else
        {
            set = ReadSplit(DatasetSplit.Train);
            description = "validation";
            if (this.options.ValidationFraction > 0.0)
            {
                using var generator = new Generator(MixSeed(this.seed, ValidationPurpose));
                set = set.Subset(SubsetSelection.SplitValidation(set.Count, set.Labels, this.options.ValidationFraction, generator).Validation);
            }
        }

        if (this.options.LabelFree && set.Labels is not null)
        {
            set = set.WithoutLabels();
        }

        Logger.LogInformation(
            "Loaded {Count} {Name} {Split} images [{Channels}x{Height}x{Width}]{Labels} from {Folder} in {Milliseconds} ms.",
            set.Count, Info.Name, description, set.Shape.Channels, set.Shape.Height, set.Shape.Width,
            set.Labels is null ? " without labels" : "", Folder, watch.ElapsedMilliseconds);
        // The caller owns the set, whatever dispose scope it loads in.
        return set.DetachFromDisposeScope();
    }

    /// <inheritdoc />
    /// <remarks>
    /// Checks the splits <see cref="Load"/> reads for training and evaluation, as <see cref="CheckSplit"/> says, and
    /// reports the first problem only (a missing data set's message already names every file of both splits).
    /// </remarks>
    public IReadOnlyList<string> Preflight()
    {
        var evaluation = this.options.EvaluateOn == EvaluationSplit.Test || !(this.options.ValidationFraction > 0.0) ? DatasetSplit.Test : DatasetSplit.Train;
        try
        {
            foreach (var split in new[] { DatasetSplit.Train, evaluation }.Distinct())
            {
                CheckSplit(split);
            }

            return [];
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            return [e.Message];
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// A local source (<see cref="Folder"/>) whose content is the files <see cref="DescribedFiles"/> names, and the
    /// settings <see cref="DescribedSettings"/> gives: those that choose images from the files.
    /// </remarks>
    public DatasetDescription Describe() =>
        new(Info.Name, "local", Folder) { Files = [.. DescribedFiles().Order(StringComparer.Ordinal)], Settings = DescribedSettings() };

    /// <summary>The files <see cref="Load"/> reads; by default every file under <see cref="Folder"/> but hidden ones.</summary>
    protected virtual IEnumerable<string> DescribedFiles() =>
        Directory.Exists(Folder)
            ? Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith('.'))
            : [];

    /// <summary>
    /// The settings that choose which images <see cref="Load"/> yields from the files: the validation split, the
    /// training subset and its seed (only when a draw uses it), label-free use. A subclass adds its own.
    /// </summary>
    protected virtual Dictionary<string, string> DescribedSettings()
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        if (this.options.ValidationFraction > 0.0)
        {
            settings["validation_fraction"] = this.options.ValidationFraction.ToString("R", CultureInfo.InvariantCulture);
            settings["evaluate_on"] = this.options.EvaluateOn.ToString().ToLowerInvariant();
        }

        if (this.options.Fraction < 1.0)
        {
            settings["fraction"] = this.options.Fraction.ToString("R", CultureInfo.InvariantCulture);
        }

        if (this.options.PerClass > 0)
        {
            settings["per_class"] = this.options.PerClass.ToString(CultureInfo.InvariantCulture);
        }

        if (settings.Count > 0)
        {
            settings["seed"] = this.seed.ToString(CultureInfo.InvariantCulture);
        }

        if (this.options.LabelFree)
        {
            settings["label_free"] = "true";
        }

        return settings;
    }

    /// <summary>
    /// Throws what <see cref="ReadSplit"/> would throw for a missing or malformed file, reading headers only (never every
    /// image, never a download); by default checks nothing, so the split is checked when it loads.
    /// </summary>
    protected virtual void CheckSplit(DatasetSplit split)
    {
    }

    /// <summary>
    /// Reads a whole split (with its labels when the files have them) as uint8 [N, C, H, W] and int64 [N],
    /// inside the caller's dispose scope.
    /// </summary>
    protected abstract ImageSet ReadSplit(DatasetSplit split);

    /// <inheritdoc />
    /// <remarks>
    /// Reads the training split's labels only (<see cref="ReadTrainingLabels"/>) and selects from them exactly as
    /// <see cref="Load"/> does; the number kept does not depend on which images the seed draws.
    /// </remarks>
    public TrainingSetSize? TrainingSet()
    {
        using var scope = NewDisposeScope();
        if (ReadTrainingLabels() is not { } split)
        {
            return null;
        }

        var kept = TrainingIndices(split.Count, split.Labels, warn: false).shape[0];
        return new TrainingSetSize(kept, split.Labels is not null && !this.options.LabelFree);
    }

    /// <summary>
    /// The training split's image count and labels (null: its files have none), read without the images; null when
    /// they cannot be known without loading (the default, or files that will be downloaded).
    /// </summary>
    protected virtual (long Count, Tensor? Labels)? ReadTrainingLabels() => null;

    /// <summary>
    /// The indices of the training set within the training split: the validation part carved out first (by the seed
    /// alone), then the subset of what is left.
    /// </summary>
    private Tensor TrainingIndices(long count, Tensor? labels, bool warn)
    {
        var indices = arange(count, dtype: ScalarType.Int64);
        if (this.options.ValidationFraction > 0.0)
        {
            using var validationDraw = new Generator(MixSeed(this.seed, ValidationPurpose));
            indices = SubsetSelection.SplitValidation(count, labels, this.options.ValidationFraction, validationDraw).Train;
            labels = labels?.index_select(0, indices);
        }

        if (this.options.PerClass <= 0 && this.options.Fraction >= 1.0)
        {
            return indices;
        }

        if (this.options.PerClass > 0)
        {
            RequireLabelsForPerClass(labels, warn);
        }

        using var subsetDraw = new Generator(MixSeed(this.seed, SubsetPurpose));
        return indices.index_select(0, SubsetSelection.Select(indices.shape[0], labels, this.options.Fraction, this.options.PerClass, subsetDraw));
    }

    private void RequireLabelsForPerClass(Tensor? labels, bool warn)
    {
        if (labels is null)
        {
            throw new InvalidOperationException(
                $"data.per_class needs class labels, but the {Info.Name} training split here has none; use data.fraction for a label-free subset.");
        }

        foreach (var (label, size) in warn ? SubsetSelection.SmallClasses(labels, this.options.PerClass) : [])
        {
            Logger.LogWarning("Class {Label} of {Name} has only {Size} training images; per_class {PerClass} keeps them all.", label, Info.Name, size, this.options.PerClass);
        }
    }

    /// <summary>A well-mixed generator seed per purpose (SplitMix64 finaliser), so subset and validation draws are independent.</summary>
    private static ulong MixSeed(long seed, int purpose)
    {
        unchecked
        {
            var z = (ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)purpose * 0xD1B54A32D192ED03UL + 0x5EEDUL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
