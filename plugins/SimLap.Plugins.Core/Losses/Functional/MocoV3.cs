using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Losses.Functional;

/// <summary>MoCo v3's contrastive loss (Chen et al., 2021), tensor in, tensor out; <c>moco-v3</c> and <c>simlap-dagger</c> use it.</summary>
public static class MocoV3
{
    /// <summary>
    /// Queries q against the keys k of the same batch, positives on the diagonal:
    /// CE(normalize(q) normalize(k)^T / tau, arange(B)) * 2 tau.
    /// </summary>
    /// <param name="queries">The online predictions q [B, d].</param>
    /// <param name="keys">The momentum target's embeddings k of the other view [B, d].</param>
    /// <param name="temperature">tau.</param>
    public static Tensor Loss(Tensor queries, Tensor keys, double temperature)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(keys);
        var logits = nn.functional.normalize(queries, dim: 1).matmul(nn.functional.normalize(keys, dim: 1).t()).div(temperature);
        var labels = arange(queries.shape[0], dtype: ScalarType.Int64, device: queries.device);
        return nn.functional.cross_entropy(logits, labels).mul(2 * temperature);
    }

    /// <summary>The symmetrised MoCo v3 loss: Loss(q(z1), t2) + Loss(q(z2), t1), as in the paper (a sum, not an average).</summary>
    /// <param name="query1">q(z1) [B, d].</param>
    /// <param name="query2">q(z2) [B, d].</param>
    /// <param name="target1">The target's embeddings of view 1 [B, d].</param>
    /// <param name="target2">The target's embeddings of view 2 [B, d].</param>
    /// <param name="temperature">tau.</param>
    public static Tensor Symmetric(Tensor query1, Tensor query2, Tensor target1, Tensor target2, double temperature) =>
        Loss(query1, target2, temperature).add(Loss(query2, target1, temperature));
}
