using SimLap.Contracts.Components;
using SimLap.Contracts.Model;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Pairs;

/// <summary>Pairs every anchor with another class: y2 = (y1 + r) mod C, r uniform in 1..C-1.</summary>
[SimLapComponent("distinct", Description = "Partner = a uniformly drawn class other than the anchor's own.")]
public sealed class DistinctPairSampler : IPairSampler
{
    private readonly Generator generator;
    private readonly int numClasses;

    /// <summary>Creates the sampler; it needs at least two classes.</summary>
    public DistinctPairSampler(NoOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        numClasses = context.RequireData().NumClasses;
        if (numClasses < 2)
        {
            throw new InvalidOperationException(
                $"The 'distinct' pair sampler needs at least 2 classes; the data set has {numClasses}.");
        }

        this.generator = context.Generator;
    }

    /// <inheritdoc />
    public bool NeedsLabels => true;

    /// <inheritdoc />
    public PairAssignment Sample(Tensor labels)
    {
        var shift = randint(1, numClasses, new[] { labels.shape[0] }, dtype: ScalarType.Int64, generator: this.generator).to(labels.device);
        return PairAssignment.ForClasses(labels, labels.add(shift).remainder(numClasses));
    }
}
