using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Losses.Functional;

/// <summary>
/// Khosla et al.'s supervised contrastive loss L_out (docs/method.md), tensor in, tensor out. Over the 2B embeddings
/// of both views, anchor i's positives P(i) are the other embeddings whose image is a positive of i's image, and every
/// other embedding is in the denominator: L_i = -1/|P(i)| sum_{p in P(i)} log( exp(l_ip) / sum_{a != i} exp(l_ia) ),
/// l_ia = cos(g_i*z_i, g_i*z_a) / tau. The loss is the mean over anchors with at least one positive. With the open
/// gate and same-class positives this is SupCon as published; with instance positives it is SimCLR's NT-Xent.
/// </summary>
public static class SupConOut
{
    /// <summary>The loss.</summary>
    /// <param name="view1">Embeddings of the first views [B, d].</param>
    /// <param name="view2">Embeddings of the second views [B, d].</param>
    /// <param name="gates">Gates [B, d], one row per image (ones for the open head).</param>
    /// <param name="positives">bool [B, B]: image j is a positive of image i (the diagonal included).</param>
    /// <param name="temperature">tau.</param>
    public static Tensor Loss(Tensor view1, Tensor view2, Tensor gates, Tensor positives, double temperature)
    {
        ArgumentNullException.ThrowIfNull(view1);
        ArgumentNullException.ThrowIfNull(view2);
        ArgumentNullException.ThrowIfNull(gates);
        ArgumentNullException.ThrowIfNull(positives);
        var z = cat(new[] { view1, view2 }, 0);
        var g = cat(new[] { gates, gates }, 0);
        var self = eye(z.shape[0], dtype: ScalarType.Bool, device: z.device);
        var l = GatedCosine.Between(z, z, g).div(temperature);
        var logProbability = l.sub(l.masked_fill(self, double.NegativeInfinity).logsumexp(1, keepdim: true));
        var mask = positives.repeat(2, 2).logical_and(self.logical_not()).to(l.dtype);
        var count = mask.sum(1);
        var perAnchor = logProbability.mul(mask).sum(1).div(count.clamp_min(1.0)).neg();
        var hasPositive = count.gt(0).to(l.dtype);
        return perAnchor.mul(hasPositive).sum().div(hasPositive.sum().clamp_min(1.0));
    }
}
