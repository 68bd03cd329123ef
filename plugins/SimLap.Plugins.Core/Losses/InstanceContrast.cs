using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Losses;

/// <summary>MoCo v3's contrastive loss, shared by <c>moco-v3</c> and <c>simlap-dagger</c>.</summary>
internal static class InstanceContrast
{
    /// <summary>
    /// Queries q against the keys k of the same batch, positives on the diagonal:
    /// CE(normalize(q) normalize(k)^T / tau, arange(B)) * 2 tau.
    /// </summary>
    public static Tensor Loss(Tensor queries, Tensor keys, double temperature)
    {
        var logits = nn.functional.normalize(queries, dim: 1).matmul(nn.functional.normalize(keys, dim: 1).t()).div(temperature);
        var labels = arange(queries.shape[0], dtype: ScalarType.Int64, device: queries.device);
        return nn.functional.cross_entropy(logits, labels).mul(2 * temperature);
    }

    /// <summary>The symmetrised MoCo v3 loss: Loss(q(z1), t2) + Loss(q(z2), t1), as in the paper (a sum, not an average).</summary>
    public static Tensor Symmetric(Tensor query1, Tensor query2, Tensor target1, Tensor target2, double temperature) =>
        Loss(query1, target2, temperature).add(Loss(query2, target1, temperature));
}
