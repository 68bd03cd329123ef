using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Losses.Functional;

/// <summary>
/// SimLAP's multi-positive loss on gated cosine similarities (docs/method.md), tensor in, tensor out; <c>multi-positive</c>
/// and <c>simlap-dagger</c> use it. For anchor i with gate g_i: s_ij = cos(g_i*a_i, g_i*k_j), l_ij = scale(s_ij) re-centred
/// per row, and L_i = 1/|P_i| sum_{p in P_i} [ log(exp(l_ip) + sum_{n in N_i} exp(l_in)) - l_ip ], averaged over anchors
/// with |P_i| &gt; 0; N_i is every key neither a positive nor excluded.
/// </summary>
public static class MultiPositive
{
    /// <summary>The loss with logits s_ij / tau.</summary>
    /// <param name="view1">Embeddings of the first views [B, d].</param>
    /// <param name="view2">Embeddings of the second views [B, d].</param>
    /// <param name="gates">Gates [B, d], one row per anchor (ones for no gate).</param>
    /// <param name="positives">bool [B, B]: key j is a positive of anchor i.</param>
    /// <param name="excluded">bool [B, B]: key j is neither a positive nor a negative of anchor i.</param>
    /// <param name="temperature">tau.</param>
    /// <param name="symmetric">Average the view-1-to-view-2 direction with the view-2-to-view-1 one.</param>
    public static Tensor Loss(Tensor view1, Tensor view2, Tensor gates, Tensor positives, Tensor excluded, double temperature, bool symmetric)
    {
        var inverse = 1.0 / temperature;
        return Loss(view1, view2, gates, positives, excluded, cosines => cosines.mul(inverse), symmetric);
    }

    /// <summary>The loss with the logits <paramref name="scale"/> makes of the cosines (divide by tau, or multiply by a learnable scale).</summary>
    /// <param name="view1">Embeddings of the first views [B, d].</param>
    /// <param name="view2">Embeddings of the second views [B, d].</param>
    /// <param name="gates">Gates [B, d], one row per anchor (ones for no gate).</param>
    /// <param name="positives">bool [B, B]: key j is a positive of anchor i.</param>
    /// <param name="excluded">bool [B, B]: key j is neither a positive nor a negative of anchor i.</param>
    /// <param name="scale">Turns cosines into logits.</param>
    /// <param name="symmetric">Average the view-1-to-view-2 direction with the view-2-to-view-1 one.</param>
    public static Tensor Loss(Tensor view1, Tensor view2, Tensor gates, Tensor positives, Tensor excluded, Func<Tensor, Tensor> scale, bool symmetric)
    {
        ArgumentNullException.ThrowIfNull(positives);
        ArgumentNullException.ThrowIfNull(excluded);
        var negatives = positives.logical_or(excluded).logical_not();
        var loss = Direction(view1, view2, gates, positives, negatives, scale);
        return symmetric
            ? loss.add(Direction(view2, view1, gates, positives, negatives, scale)).div(2.0)
            : loss;
    }

    /// <summary>The loss of anchors (rows) against keys (columns), averaged over anchors with at least one positive.</summary>
    private static Tensor Direction(Tensor anchors, Tensor keys, Tensor gates, Tensor positives, Tensor negatives, Func<Tensor, Tensor> scale)
    {
        var l = scale(GatedCosine.Between(anchors, keys, gates));
        l = l.sub(l.mean(new long[] { 1 }, keepdim: true));

        // log(exp(l_ip) + sum_{n in N_i} exp(l_in)) - l_ip, for every (i, p), masked to the positives.
        var negativeLse = l.masked_fill(negatives.logical_not(), double.NegativeInfinity).logsumexp(1, keepdim: true);
        var perPair = l.logaddexp(negativeLse).sub(l);
        var pf = positives.to(l.dtype);
        var count = pf.sum(1);
        var perAnchor = perPair.mul(pf).sum(1).div(count.clamp_min(1.0));
        var hasPositive = count.gt(0).to(l.dtype);
        return perAnchor.mul(hasPositive).sum().div(hasPositive.sum().clamp_min(1.0));
    }
}
