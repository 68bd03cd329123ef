using SimLap.Contracts.Components;
using SimLap.Contracts.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Losses;

/// <summary>
/// VICReg (Bardes et al., 2022), as the reference code: with z centred per dimension over the batch,
/// invariance = mean_{b,k} (z1 - z2)^2,
/// variance = ( mean_k relu(1 - std1_k) + mean_k relu(1 - std2_k) ) / 2, std_k = sqrt(var_k + eps) (unbiased var),
/// covariance = sum_{k != l} C1_kl^2 / d + sum_{k != l} C2_kl^2 / d, C = z^T z / (B - 1), and
/// loss = sim_weight * invariance + var_weight * variance + cov_weight * covariance. Pairs and gates are ignored.
/// </summary>
[SimLapComponent("vicreg", Description = "VICReg: invariance MSE + variance hinge + covariance penalty.")]
public sealed class VicRegLoss : ILoss
{
    private readonly VicRegOptions _options;

    /// <summary>Creates the loss.</summary>
    public VicRegLoss(VicRegOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        _options = options;
    }

    /// <inheritdoc />
    public nn.Module Network { get; } = nn.Sequential();

    /// <inheritdoc />
    public LossOutput Compute(LossInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var invariance = input.View1.sub(input.View2).square().mean();
        var (variance1, covariance1) = Regularisers(input.View1);
        var (variance2, covariance2) = Regularisers(input.View2);
        var variance = variance1.add(variance2).div(2.0);
        var covariance = covariance1.add(covariance2);
        var loss = invariance.mul(_options.SimWeight).add(variance.mul(_options.VarWeight)).add(covariance.mul(_options.CovWeight));
        var diagnostics = new Dictionary<string, Tensor>
        {
            ["invariance"] = invariance.detach(),
            ["variance"] = variance.detach(),
            ["covariance"] = covariance.detach(),
        };
        return new LossOutput(loss, diagnostics);
    }

    /// <summary>mean_k relu(1 - std_k) and sum_{k != l} C_kl^2 / d of one view.</summary>
    private (Tensor Variance, Tensor Covariance) Regularisers(Tensor z)
    {
        var batch = z.shape[0];
        var dim = z.shape[1];
        var centred = z.sub(z.mean(new long[] { 0 }, keepdim: true));
        var variances = centred.square().sum(dim: 0).div(batch - 1);
        var variance = variances.add(_options.Epsilon).sqrt().neg().add(1.0).relu().mean();
        var covarianceMatrix = centred.t().matmul(centred).div(batch - 1);
        var covariance = covarianceMatrix.square().sum().sub(covarianceMatrix.diagonal().square().sum()).div(dim);
        return (variance, covariance);
    }
}
