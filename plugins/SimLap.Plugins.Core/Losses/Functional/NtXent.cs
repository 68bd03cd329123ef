using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Losses.Functional;

/// <summary>
/// SimCLR's NT-Xent (Chen et al., 2020), tensor in, tensor out: over the 2B embeddings z of both views,
/// l_ij = cos(z_i, z_j)/tau with i != j, and loss = mean_i [ logsumexp_{j != i} l_ij - l_{i, pos(i)} ], pos(i) the other
/// view of the same image.
/// </summary>
public static class NtXent
{
    /// <summary>The loss.</summary>
    /// <param name="view1">Embeddings of the first views [B, d].</param>
    /// <param name="view2">Embeddings of the second views [B, d].</param>
    /// <param name="temperature">tau.</param>
    public static Tensor Loss(Tensor view1, Tensor view2, double temperature) => Compute(view1, view2, temperature).Loss;

    /// <summary>The loss and the mean cosine of each embedding with its positive.</summary>
    /// <param name="view1">Embeddings of the first views [B, d].</param>
    /// <param name="view2">Embeddings of the second views [B, d].</param>
    /// <param name="temperature">tau.</param>
    public static Terms Compute(Tensor view1, Tensor view2, double temperature)
    {
        ArgumentNullException.ThrowIfNull(view1);
        ArgumentNullException.ThrowIfNull(view2);
        var batch = view1.shape[0];
        var z = nn.functional.normalize(cat(new[] { view1, view2 }, 0), dim: 1);
        var self = eye(2 * batch, dtype: ScalarType.Bool, device: z.device);
        var l = z.matmul(z.t()).div(temperature).masked_fill(self, double.NegativeInfinity);
        var partner = arange(2 * batch, device: z.device).add(batch).remainder(2 * batch);
        var positive = l.gather(1, partner.unsqueeze(1)).squeeze(1);
        return new Terms(l.logsumexp(1).sub(positive).mean(), positive.detach().mul(temperature).mean());
    }

    /// <summary>The loss and its diagnostic.</summary>
    /// <param name="Loss">The loss.</param>
    /// <param name="PositiveCosine">The mean cosine of each embedding with its positive, detached.</param>
    public readonly record struct Terms(Tensor Loss, Tensor PositiveCosine);
}
