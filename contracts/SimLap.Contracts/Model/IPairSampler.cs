using static TorchSharp.torch;

namespace SimLap.Contracts.Model;

/// <summary>Chooses each anchor's partner (<c>pairs:</c> in YAML), with batched tensor operations.</summary>
public interface IPairSampler
{
    /// <summary>True when the sampler needs class labels (instance pairing does not).</summary>
    bool NeedsLabels { get; }

    /// <summary>Pairs the anchors of a batch whose labels are <paramref name="labels"/> (int64 [B], on the device).</summary>
    PairAssignment Sample(Tensor labels);
}
