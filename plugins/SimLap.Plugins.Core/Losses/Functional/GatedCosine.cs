using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Losses.Functional;

/// <summary>Cosine similarity inside each anchor's gated subspace (docs/method.md), shared by the multi-positive and SupCon losses.</summary>
public static class GatedCosine
{
    private const double Eps = 1e-12;

    /// <summary>
    /// s_ij = &lt;g_i a_i, g_i k_j&gt; / (||g_i a_i|| ||g_i k_j||) for anchors a [N, d], keys k [M, d] and one gate per
    /// anchor g [N, d], computed with two matrix products, never materialising the [N, M, d] gated keys.
    /// </summary>
    /// <param name="anchors">Anchors [N, d].</param>
    /// <param name="keys">Keys [M, d].</param>
    /// <param name="gates">One gate per anchor [N, d].</param>
    /// <returns>The gated cosines [N, M].</returns>
    public static Tensor Between(Tensor anchors, Tensor keys, Tensor gates)
    {
        ArgumentNullException.ThrowIfNull(anchors);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(gates);
        var g2 = gates.square();
        var dot = g2.mul(anchors).matmul(keys.t());
        var anchorNorm = gates.mul(anchors).norm(1, true).clamp_min(Eps);
        var keyNorm = g2.matmul(keys.square().t()).clamp_min(Eps * Eps).sqrt();
        return dot.div(anchorNorm).div(keyNorm);
    }
}
