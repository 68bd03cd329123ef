using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Losses.Functional;

/// <summary>
/// Barlow Twins (Zbontar et al., 2021), tensor in, tensor out: each embedding dimension standardised over the batch,
/// zn = (z - mean_b z) / sqrt(var_b z + 1e-5) (biased variance, as the reference code's affine-free BatchNorm1d),
/// the cross-correlation c = z1n^T z2n / B [d, d], and
/// loss = scale * ( sum_i (1 - c_ii)^2 + lambda * sum_{i != j} c_ij^2 ).
/// </summary>
public static class BarlowTwins
{
    private const double NormEps = 1e-5;

    /// <summary>The loss.</summary>
    /// <param name="view1">Embeddings of the first views [B, d].</param>
    /// <param name="view2">Embeddings of the second views [B, d].</param>
    /// <param name="offDiagonalWeight">lambda.</param>
    /// <param name="scale">The factor of the whole loss.</param>
    public static Tensor Loss(Tensor view1, Tensor view2, double offDiagonalWeight, double scale) =>
        Compute(view1, view2, offDiagonalWeight, scale).Loss;

    /// <summary>The loss and its terms.</summary>
    /// <param name="view1">Embeddings of the first views [B, d].</param>
    /// <param name="view2">Embeddings of the second views [B, d].</param>
    /// <param name="offDiagonalWeight">lambda.</param>
    /// <param name="scale">The factor of the whole loss.</param>
    public static Terms Compute(Tensor view1, Tensor view2, double offDiagonalWeight, double scale)
    {
        ArgumentNullException.ThrowIfNull(view1);
        ArgumentNullException.ThrowIfNull(view2);
        var batch = view1.shape[0];
        var c = Standardise(view1).t().matmul(Standardise(view2)).div(batch);
        var diagonal = c.diagonal();
        var onDiagonal = diagonal.neg().add(1.0).square().sum();
        var offDiagonal = c.square().sum().sub(diagonal.square().sum());
        return new Terms(onDiagonal.add(offDiagonal.mul(offDiagonalWeight)).mul(scale), onDiagonal, offDiagonal, diagonal);
    }

    private static Tensor Standardise(Tensor z)
    {
        var centred = z.sub(z.mean(new long[] { 0 }, keepdim: true));
        return centred.div(centred.square().mean(new long[] { 0 }, keepdim: true).add(NormEps).sqrt());
    }

    /// <summary>The loss and its terms.</summary>
    /// <param name="Loss">The loss.</param>
    /// <param name="OnDiagonal">sum_i (1 - c_ii)^2.</param>
    /// <param name="OffDiagonal">sum_{i != j} c_ij^2.</param>
    /// <param name="Diagonal">c_ii [d].</param>
    public readonly record struct Terms(Tensor Loss, Tensor OnDiagonal, Tensor OffDiagonal, Tensor Diagonal);
}
