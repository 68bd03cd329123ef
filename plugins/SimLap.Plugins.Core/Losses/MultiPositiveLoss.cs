using SimLap.Contracts.Components;
using SimLap.Contracts.Model;
using SimLap.Plugins.Core.Losses.Functional;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Losses;

/// <summary>
/// SimLAP's multi-positive contrastive loss (SupCon with identical pairs and the open gate). For anchor i with gate g_i:
/// s_ij = cos(g_i*a_i, g_i*k_j), l_ij = s_ij/tau re-centred per row, and
/// L_i = 1/|P_i| sum_{p in P_i} [ log(exp(l_ip) + sum_{n in N_i} exp(l_in)) - l_ip ] (see <see cref="MultiPositive"/>).
/// </summary>
[SimLapComponent("multi-positive", Description = "SimLAP/SupCon multi-positive loss on gated cosine similarities.")]
public sealed class MultiPositiveLoss : ILoss
{
    private readonly double inverseTemperature;
    private readonly LogitScale? scale;
    private readonly bool symmetric;

    /// <summary>Creates the loss; with a learnable scale its parameter lives in <see cref="Network"/>.</summary>
    public MultiPositiveLoss(MultiPositiveOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        inverseTemperature = 1.0 / options.Temperature;
        symmetric = options.Symmetric;
        if (options.LearnableScale)
        {
            this.scale = new LogitScale(inverseTemperature, context.Device);
        }

        Network = (nn.Module?)this.scale ?? nn.Sequential();
    }

    /// <inheritdoc />
    public nn.Module Network { get; }

    /// <inheritdoc />
    public LossOutput Compute(LossInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var loss = GatedMultiPositive.Loss(input.View1, input.View2, input.Gates, input.Pairs, Logits, symmetric);
        return new LossOutput(loss, GatedMultiPositive.Diagnostics(input.Pairs));
    }

    private Tensor Logits(Tensor cosines) => this.scale is null ? cosines.mul(inverseTemperature) : cosines.mul(this.scale.Value);
}
