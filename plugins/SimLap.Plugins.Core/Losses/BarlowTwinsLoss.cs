using SimLap.Contracts.Components;
using SimLap.Contracts.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Losses;

/// <summary>
/// Barlow Twins (Zbontar et al., 2021): each embedding dimension standardised over the batch,
/// zn = (z - mean_b z) / sqrt(var_b z + 1e-5) (biased variance, as the reference code's affine-free BatchNorm1d),
/// the cross-correlation c = z1n^T z2n / B [d, d], and
/// loss = scale * ( sum_i (1 - c_ii)^2 + lambda * sum_{i != j} c_ij^2 ). Pairs and gates are ignored.
/// </summary>
[SimLapComponent("barlow-twins", Description = "Barlow Twins: cross-correlation of standardised views towards the identity.")]
public sealed class BarlowTwinsLoss : ILoss
{
    private const double NormEps = 1e-5;
    private readonly double _lambda;
    private readonly double _scale;

    /// <summary>Creates the loss.</summary>
    public BarlowTwinsLoss(BarlowTwinsOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        _lambda = options.OffDiagonalWeight;
        _scale = options.ScaleLoss;
    }

    /// <inheritdoc />
    public nn.Module Network { get; } = nn.Sequential();

    /// <inheritdoc />
    public LossOutput Compute(LossInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var batch = input.View1.shape[0];
        var c = Standardise(input.View1).t().matmul(Standardise(input.View2)).div(batch);
        var diagonal = c.diagonal();
        var onDiagonal = diagonal.neg().add(1.0).square().sum();
        var offDiagonal = c.square().sum().sub(diagonal.square().sum());
        var loss = onDiagonal.add(offDiagonal.mul(_lambda)).mul(_scale);
        var diagnostics = new Dictionary<string, Tensor>
        {
            ["on_diagonal"] = onDiagonal.detach(),
            ["off_diagonal"] = offDiagonal.detach(),
            ["correlation_diagonal_mean"] = diagonal.detach().mean(),
        };
        return new LossOutput(loss, diagnostics);
    }

    private static Tensor Standardise(Tensor z)
    {
        var centred = z.sub(z.mean(new long[] { 0 }, keepdim: true));
        return centred.div(centred.square().mean(new long[] { 0 }, keepdim: true).add(NormEps).sqrt());
    }
}
