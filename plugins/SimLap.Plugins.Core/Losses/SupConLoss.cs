using SimLap.Contracts.Components;
using SimLap.Contracts.Model;
using SimLap.Plugins.Core.Losses.Functional;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Losses;

/// <summary>
/// SupCon as Khosla et al. publish it (L_out, see <see cref="SupConOut"/>): every other embedding of both views in each
/// positive's denominator. The <c>multi-positive</c> loss with identical pairs is SupCon in the method's own form, which
/// leaves the other positives out of the denominator; both are baselines.
/// </summary>
[SimLapComponent("supcon", Description = "Khosla et al.'s SupCon (L_out) over both views, positives from the pair sampler, on gated cosines.")]
public sealed class SupConLoss : ILoss
{
    private readonly double temperature;

    /// <summary>Creates the loss.</summary>
    public SupConLoss(SupConOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        temperature = options.Temperature;
    }

    /// <inheritdoc />
    public nn.Module Network { get; } = nn.Sequential();

    /// <inheritdoc />
    public LossOutput Compute(LossInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var loss = SupConOut.Loss(input.View1, input.View2, input.Gates, input.Pairs.Positives, temperature);
        return new LossOutput(loss, GatedMultiPositive.Diagnostics(input.Pairs));
    }
}
