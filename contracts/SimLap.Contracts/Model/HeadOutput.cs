using static TorchSharp.torch;

namespace SimLap.Contracts.Model;

/// <summary>What a subspace head returns for a batch of pairs.</summary>
/// <param name="Gates">float [B, d] in [0, 1]: the subspace of each anchor's pair.</param>
/// <param name="Penalty">A scalar added to the loss (0 when the head has none).</param>
/// <param name="Diagnostics">Named scalar tensors to log (read in batches, never every step).</param>
public sealed record HeadOutput(Tensor Gates, Tensor Penalty, IReadOnlyDictionary<string, Tensor> Diagnostics);
