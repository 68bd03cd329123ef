using SimLap.Contracts.Components;
using SimLap.Contracts.Model;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Pairs;

/// <summary>Instance discrimination (SimCLR, BYOL...): the only positive is the other view of the same image.</summary>
[SimLapComponent("instance", Description = "Positive = the other view of the same image; needs no labels.")]
public sealed class InstancePairSampler : IPairSampler
{
    /// <summary>Creates the sampler.</summary>
    public InstancePairSampler(NoOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
    }

    /// <inheritdoc />
    public bool NeedsLabels => false;

    /// <inheritdoc />
    public PairAssignment Sample(Tensor labels) => PairAssignment.ForInstances(labels);
}
