using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Data;

/// <summary>
/// Class-stratified random subsets of a split, with batched tensor operations: each image gets a random rank within
/// its class, and a subset keeps the ranks below a per-class quota. Label-free data count as one class.
/// Selected indices come back in ascending (file) order; shuffling per epoch is the trainer's job.
/// </summary>
public static class SubsetSelection
{
    /// <summary>
    /// Splits indices <c>0..count-1</c> into a training part and a validation part holding
    /// <c>round(fraction * n_c)</c> images of each class c (at least one when <paramref name="fraction"/> &gt; 0 and the class has two or more).
    /// </summary>
    public static (Tensor Train, Tensor Validation) SplitValidation(long count, Tensor? labels, double fraction, Generator generator)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fraction, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(fraction, 1.0);
        using var scope = NewDisposeScope();
        var (rank, classSize) = RankWithinClass(count, labels, generator);
        var quota = classSize.to_type(ScalarType.Float64).mul(fraction).round().to_type(ScalarType.Int64);
        if (fraction > 0.0)
        {
            // Every class with two or more images gives at least one to validation and keeps at least one for training.
            quota = quota.clamp_min(1).minimum(classSize.sub(1).clamp_min(0));
        }

        var validation = rank.lt(quota);
        return (validation.logical_not().nonzero().squeeze(1).MoveToOuterDisposeScope(), validation.nonzero().squeeze(1).MoveToOuterDisposeScope());
    }

    /// <summary>
    /// The indices kept by <paramref name="fraction"/> of each class (rounded, at least one per class)
    /// or by <paramref name="perClass"/> images per class (all of a smaller class); 1 and 0 keep everything.
    /// </summary>
    public static Tensor Select(long count, Tensor? labels, double fraction, int perClass, Generator generator)
    {
        if (perClass <= 0 && fraction >= 1.0)
        {
            return arange(count, dtype: ScalarType.Int64);
        }

        using var scope = NewDisposeScope();
        var (rank, classSize) = RankWithinClass(count, labels, generator);
        var quota = perClass > 0
            ? full_like(classSize, perClass)
            : classSize.to_type(ScalarType.Float64).mul(fraction).round().to_type(ScalarType.Int64).clamp_min(1);
        return rank.lt(quota).nonzero().squeeze(1).MoveToOuterDisposeScope();
    }

    /// <summary>The sizes of the classes that have fewer than <paramref name="perClass"/> images, as (label, size) pairs.</summary>
    public static IReadOnlyList<(long Label, long Size)> SmallClasses(Tensor labels, int perClass)
    {
        using var scope = NewDisposeScope();
        var sizes = labels.bincount(null).data<long>().ToArray();
        return sizes.Select((size, label) => ((long)label, size)).Where(c => c.size > 0 && c.size < perClass).ToList();
    }

    /// <summary>
    /// For each index, a uniformly random rank among the images of its class (0..n_c-1), and n_c.
    /// One permutation, one stable sort by label: within a class the permuted order survives.
    /// </summary>
    private static (Tensor Rank, Tensor ClassSize) RankWithinClass(long count, Tensor? labels, Generator generator)
    {
        var classes = labels ?? zeros(count, dtype: ScalarType.Int64);
        if (classes.shape[0] != count)
        {
            throw new ArgumentException($"Labels have {classes.shape[0]} entries for {count} images.", nameof(labels));
        }

        var permutation = randperm(count, generator: generator);
        var (sortedLabels, order) = classes.index_select(0, permutation).sort(stable: true);
        var grouped = permutation.index_select(0, order);
        var sizes = sortedLabels.bincount(null);
        var starts = sizes.cumsum(0).sub(sizes);
        var rankSorted = arange(count, dtype: ScalarType.Int64).sub(starts.index_select(0, sortedLabels));
        var rank = zeros(count, dtype: ScalarType.Int64).scatter_(0, grouped, rankSorted);
        return (rank, sizes.index_select(0, classes));
    }
}
