using SimLap.Contracts.Components;
using SimLap.Contracts.Model;
using SimLap.Plugins.Core.Losses.Functional;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Losses;

/// <summary>Barlow Twins (<see cref="BarlowTwins"/>): cross-correlation of the standardised views towards the identity; pairs and gates are ignored.</summary>
[SimLapComponent("barlow-twins", Description = "Barlow Twins: cross-correlation of standardised views towards the identity.")]
public sealed class BarlowTwinsLoss : ILoss
{
    private readonly double lambda;
    private readonly double scale;

    /// <summary>Creates the loss.</summary>
    public BarlowTwinsLoss(BarlowTwinsOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        lambda = options.OffDiagonalWeight;
        scale = options.ScaleLoss;
    }

    /// <inheritdoc />
    public nn.Module Network { get; } = nn.Sequential();

    /// <inheritdoc />
    public LossOutput Compute(LossInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var terms = BarlowTwins.Compute(input.View1, input.View2, lambda, scale);
        var diagnostics = new Dictionary<string, Tensor>
        {
            ["on_diagonal"] = terms.OnDiagonal.detach(),
            ["off_diagonal"] = terms.OffDiagonal.detach(),
            ["correlation_diagonal_mean"] = terms.Diagonal.detach().mean(),
        };
        return new LossOutput(terms.Loss, diagnostics);
    }
}
