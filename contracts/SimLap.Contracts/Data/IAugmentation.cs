using TorchSharp;

namespace SimLap.Contracts.Data;

/// <summary>
/// Generates one random view of a whole batch with tensor operations (<c>augment:</c> in YAML).
/// Randomness comes from the component's own generator, so views are reproducible from the seed.
/// </summary>
public interface IAugmentation
{
    /// <summary>Returns an augmented view of <paramref name="images"/>, float [B, C, H, W] in [0, 1] on the device.</summary>
    torch.Tensor Apply(torch.Tensor images);
}
