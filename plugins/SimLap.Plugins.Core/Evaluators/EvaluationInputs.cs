using SimLap.Contracts.Data;
using SimLap.Contracts.Evaluation;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Evaluators;

/// <summary>Checks and small helpers the evaluators share: labels, class counts, seeded subsets, the representation.</summary>
internal static class EvaluationInputs
{
    /// <summary>The train and test labels, or an error naming <paramref name="protocol"/> when a split has none or is empty.</summary>
    public static (Tensor Train, Tensor Test) Labels(EvaluationContext context, string protocol)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Train.Labels is null || context.Test.Labels is null)
        {
            throw new InvalidOperationException($"The '{protocol}' evaluator needs labels on both the train and the test split; this data set has none.");
        }

        if (context.Train.Count == 0 || context.Test.Count == 0)
        {
            throw new InvalidOperationException($"The '{protocol}' evaluator needs non-empty train and test splits.");
        }

        return (context.Train.Labels, context.Test.Labels);
    }

    /// <summary>The number of classes: the data set's, or one more than the largest label seen.</summary>
    public static long Classes(EvaluationContext context, params Tensor[] labels) =>
        Math.Max(context.Data.NumClasses, labels.Select(l => l.numel() == 0 ? 0 : l.max().item<long>() + 1).DefaultIfEmpty(0).Max());

    /// <summary>Sorted indices of a seeded random subset of <paramref name="maxSamples"/> out of <paramref name="count"/>, or null when all fit.</summary>
    public static Tensor? Subset(long count, long maxSamples, Generator generator)
    {
        if (maxSamples <= 0 || count <= maxSamples)
        {
            return null;
        }

        using var permutation = randperm(count, generator: generator);
        return permutation.narrow(0, 0, maxSamples).sort().Values;
    }

    /// <summary>The images and labels of <paramref name="set"/>, restricted to at most <paramref name="maxSamples"/> (seeded).</summary>
    public static (Tensor Images, Tensor Labels) Sample(ImageSet set, Tensor labels, long maxSamples, Generator generator)
    {
        var subset = Subset(set.Count, maxSamples, generator);
        return (Images(set, subset), subset is null ? labels : labels.index_select(0, subset));
    }

    /// <summary>The images of <paramref name="set"/> at <paramref name="subset"/>, or all of them when it is null.</summary>
    public static Tensor Images(ImageSet set, Tensor? subset) => subset is null ? set.Slice(0, set.Count) : set.Gather(subset);

    /// <summary>The extractor for <paramref name="space"/>: the embedder when asked for and present, else the encoder.</summary>
    public static IFeatureExtractor Extractor(EvaluationContext context, FeatureSpace space) =>
        space == FeatureSpace.Embedding && context.Embedder is { } embedder ? embedder : context.Encoder;

    /// <summary>A seed drawn once from a component's generator (so repeated evaluations draw the same subsets).</summary>
    public static long DrawSeed(Generator generator)
    {
        using var value = randint(0, int.MaxValue, [1], dtype: ScalarType.Int64, generator: generator);
        return value.item<long>();
    }

    /// <summary>A file name for one evaluation's picture: <c>name-epoch007.png</c>.</summary>
    public static string PlotName(string name, int epoch) => $"{name}-epoch{epoch:D3}.png";
}
