using SimLap.Contracts.Components;
using SimLap.Contracts.Model;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Pairs;

/// <summary>SimLAP's default pairing: each anchor's partner class is the label of a random batch element, y2 = y[randperm(B)].</summary>
[SimLapComponent("arbitrary", Description = "Partner = label of a random batch element (SimLAP default); may equal the anchor's class.")]
public sealed class ArbitraryPairSampler : IPairSampler
{
    private readonly Generator generator;

    /// <summary>Creates the sampler; its permutations come from the component's generator.</summary>
    public ArbitraryPairSampler(NoOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        this.generator = context.Generator;
    }

    /// <inheritdoc />
    public bool NeedsLabels => true;

    /// <inheritdoc />
    public PairAssignment Sample(Tensor labels)
    {
        var permutation = randperm(labels.shape[0], generator: this.generator).to(labels.device);
        return PairAssignment.ForClasses(labels, labels.index_select(0, permutation));
    }
}
