using SimLap.Contracts.Components;
using SimLap.Contracts.Model;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Pairs;

/// <summary>Pairs every anchor with its own class, y2 = y1: with the open gate this is SupCon.</summary>
[SimLapComponent("identical", Description = "Partner = the anchor's own class (SupCon with the open gate).")]
public sealed class IdenticalPairSampler : IPairSampler
{
    /// <summary>Creates the sampler.</summary>
    public IdenticalPairSampler(NoOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
    }

    /// <inheritdoc />
    public bool NeedsLabels => true;

    /// <inheritdoc />
    public PairAssignment Sample(Tensor labels) => PairAssignment.ForClasses(labels, labels);
}
