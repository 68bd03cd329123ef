using SimLap.Contracts.Model;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Losses;

/// <summary>
/// The multi-positive loss on gated cosine similarities (docs/method.md), shared by <c>multi-positive</c> and <c>simlap-dagger</c>.
/// For anchor i with gate g_i: s_ij = cos(g_i*a_i, g_i*k_j), l_ij = scale(s_ij) re-centred per row, and
/// L_i = 1/|P_i| sum_{p in P_i} [ log(exp(l_ip) + sum_{n in N_i} exp(l_in)) - l_ip ], averaged over anchors with |P_i| &gt; 0.
/// </summary>
internal static class GatedMultiPositive
{
    /// <summary>The loss of view-1 anchors against view-2 keys, averaged with the view-2 to view-1 direction when <paramref name="symmetric"/>.</summary>
    /// <param name="view1">Embeddings of the first views [B, d].</param>
    /// <param name="view2">Embeddings of the second views [B, d].</param>
    /// <param name="gates">Gates [B, d], one row per anchor.</param>
    /// <param name="pairs">Positives and exclusions [B, B].</param>
    /// <param name="scale">Turns cosines into logits (divide by tau, or multiply by a learnable scale).</param>
    /// <param name="symmetric">Average both directions.</param>
    public static Tensor Loss(Tensor view1, Tensor view2, Tensor gates, PairAssignment pairs, Func<Tensor, Tensor> scale, bool symmetric)
    {
        var positives = pairs.Positives;
        var negatives = positives.logical_or(pairs.Excluded).logical_not();
        var loss = Direction(view1, view2, gates, positives, negatives, scale);
        return symmetric
            ? loss.add(Direction(view2, view1, gates, positives, negatives, scale)).div(2.0)
            : loss;
    }

    /// <summary>The fraction of anchors without positives and the mean number of positives, detached.</summary>
    public static Dictionary<string, Tensor> Diagnostics(PairAssignment pairs)
    {
        var counts = pairs.Positives.sum(1).to(ScalarType.Float32);
        return new Dictionary<string, Tensor>
        {
            ["no_positive_fraction"] = counts.eq(0).to(ScalarType.Float32).mean(),
            ["positives_mean"] = counts.mean(),
        };
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
