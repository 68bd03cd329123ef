using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Losses.Functional;

/// <summary>
/// VICReg (Bardes et al., 2022), tensor in, tensor out, as the reference code: with z centred per dimension over the batch,
/// invariance = mean_{b,k} (z1 - z2)^2,
/// variance = ( mean_k relu(1 - std1_k) + mean_k relu(1 - std2_k) ) / 2, std_k = sqrt(var_k + eps) (unbiased var),
/// covariance = sum_{k != l} C1_kl^2 / d + sum_{k != l} C2_kl^2 / d, C = z^T z / (B - 1), and
/// loss = sim_weight * invariance + var_weight * variance + cov_weight * covariance.
/// </summary>
public static class VicReg
{
    /// <summary>The loss.</summary>
    /// <param name="view1">Embeddings of the first views [B, d].</param>
    /// <param name="view2">Embeddings of the second views [B, d].</param>
    /// <param name="weights">The weights of the invariance, variance and covariance terms.</param>
    /// <param name="epsilon">eps in std_k = sqrt(var_k + eps).</param>
    public static Tensor Loss(Tensor view1, Tensor view2, (double Invariance, double Variance, double Covariance) weights, double epsilon) =>
        Compute(view1, view2, weights, epsilon).Loss;

    /// <summary>The loss and its terms.</summary>
    /// <param name="view1">Embeddings of the first views [B, d].</param>
    /// <param name="view2">Embeddings of the second views [B, d].</param>
    /// <param name="weights">The weights of the invariance, variance and covariance terms.</param>
    /// <param name="epsilon">eps in std_k = sqrt(var_k + eps).</param>
    public static Terms Compute(Tensor view1, Tensor view2, (double Invariance, double Variance, double Covariance) weights, double epsilon)
    {
        ArgumentNullException.ThrowIfNull(view1);
        ArgumentNullException.ThrowIfNull(view2);
        var invariance = view1.sub(view2).square().mean();
        var (variance1, covariance1) = Regularisers(view1, epsilon);
        var (variance2, covariance2) = Regularisers(view2, epsilon);
        var variance = variance1.add(variance2).div(2.0);
        var covariance = covariance1.add(covariance2);
        var loss = invariance.mul(weights.Invariance).add(variance.mul(weights.Variance)).add(covariance.mul(weights.Covariance));
        return new Terms(loss, invariance, variance, covariance);
    }

    /// <summary>mean_k relu(1 - std_k) and sum_{k != l} C_kl^2 / d of one view.</summary>
    private static (Tensor Variance, Tensor Covariance) Regularisers(Tensor z, double epsilon)
    {
        var batch = z.shape[0];
        var dim = z.shape[1];
        var centred = z.sub(z.mean(new long[] { 0 }, keepdim: true));
        var variances = centred.square().sum(dim: 0).div(batch - 1);
        var variance = variances.add(epsilon).sqrt().neg().add(1.0).relu().mean();
        var covarianceMatrix = centred.t().matmul(centred).div(batch - 1);
        var covariance = covarianceMatrix.square().sum().sub(covarianceMatrix.diagonal().square().sum()).div(dim);
        return (variance, covariance);
    }

    /// <summary>The loss and its terms.</summary>
    /// <param name="Loss">The weighted sum.</param>
    /// <param name="Invariance">mean (z1 - z2)^2.</param>
    /// <param name="Variance">The variance hinge, averaged over both views.</param>
    /// <param name="Covariance">The covariance penalty, summed over both views.</param>
    public readonly record struct Terms(Tensor Loss, Tensor Invariance, Tensor Variance, Tensor Covariance);
}
