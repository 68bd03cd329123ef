using static TorchSharp.torch;

namespace SimLap.Contracts.Model;

/// <summary>A loss value with named diagnostics.</summary>
/// <param name="Loss">The scalar to minimise.</param>
/// <param name="Diagnostics">Named scalar tensors to log (read in batches, never every step).</param>
public sealed record LossOutput(Tensor Loss, IReadOnlyDictionary<string, Tensor> Diagnostics);
