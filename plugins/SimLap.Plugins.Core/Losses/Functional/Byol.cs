using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Losses.Functional;

/// <summary>
/// BYOL (Grill et al., 2020), tensor in, tensor out: the online predictions q(z) regress the momentum target's embeddings
/// t of the other view, loss = mean_b [ (2 - 2 cos(q(z1_b), t2_b)) + (2 - 2 cos(q(z2_b), t1_b)) ], the paper's
/// symmetrised sum (not halved: it ranges over [0, 8]).
/// </summary>
public static class Byol
{
    /// <summary>The loss.</summary>
    /// <param name="prediction1">q(z1) [B, d].</param>
    /// <param name="prediction2">q(z2) [B, d].</param>
    /// <param name="target1">The target's embeddings of view 1 [B, d].</param>
    /// <param name="target2">The target's embeddings of view 2 [B, d].</param>
    public static Tensor Loss(Tensor prediction1, Tensor prediction2, Tensor target1, Tensor target2) =>
        Compute(prediction1, prediction2, target1, target2).Loss;

    /// <summary>The loss and the mean cosine of the predictions with their targets.</summary>
    /// <param name="prediction1">q(z1) [B, d].</param>
    /// <param name="prediction2">q(z2) [B, d].</param>
    /// <param name="target1">The target's embeddings of view 1 [B, d].</param>
    /// <param name="target2">The target's embeddings of view 2 [B, d].</param>
    public static Terms Compute(Tensor prediction1, Tensor prediction2, Tensor target1, Tensor target2)
    {
        var cos12 = nn.functional.cosine_similarity(prediction1, target2, dim: 1);
        var cos21 = nn.functional.cosine_similarity(prediction2, target1, dim: 1);
        var loss = cos12.mul(-2.0).add(2.0).add(cos21.mul(-2.0).add(2.0)).mean();
        return new Terms(loss, cos12.detach().add(cos21.detach()).div(2.0).mean());
    }

    /// <summary>The loss and its diagnostic.</summary>
    /// <param name="Loss">The loss.</param>
    /// <param name="PredictionCosine">The mean cosine of the predictions with their targets, detached.</param>
    public readonly record struct Terms(Tensor Loss, Tensor PredictionCosine);
}
