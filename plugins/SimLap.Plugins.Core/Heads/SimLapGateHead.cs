using SimLap.Contracts.Components;
using SimLap.Contracts.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Heads;

/// <summary>
/// SimLAP's learned subspace gate g(y1, y2) in (0,1)^d, fused (an MLP over the mean class embedding) or a product of
/// per-class gates, with an optional Bernoulli-entropy penalty that pushes gates towards 0 or 1.
/// </summary>
[SimLapComponent("simlap-gate", Description = "Learned per-pair gate over embedding dims (fused MLP or product), optional entropy penalty.")]
public sealed class SimLapGateHead : ISubspaceHead
{
    private const double Eps = 1e-6;
    private readonly nn.Module<Tensor, Tensor, Tensor> _network;
    private readonly double _gamma;

    /// <summary>Builds the gate network on the context's device, initialised from the context's generator.</summary>
    public SimLapGateHead(SimLapGateOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        var classes = context.RequireData().NumClasses;
        if (classes < 1)
        {
            throw new InvalidOperationException("The 'simlap-gate' head needs a labelled data set (at least one class).");
        }

        if (context.EmbeddingDim < 1)
        {
            throw new InvalidOperationException("The 'simlap-gate' head needs the embedding dimension, which is not known yet.");
        }

        _network = options.Fuse
            ? new FusedGateNetwork(classes, options.Embed, options.Hidden, context.EmbeddingDim, context.Generator)
            : new ProductGateNetwork(classes, context.EmbeddingDim, context.Generator);
        _network.to(context.Device);
        _gamma = options.Penalty;
    }

    /// <inheritdoc />
    public nn.Module Network => _network;

    /// <inheritdoc />
    public HeadOutput Gate(PairAssignment pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var g = _network.call(pairs.AnchorLabels, pairs.PartnerLabels);
        var gc = g.clamp(Eps, 1.0 - Eps);
        var entropy = gc.mul(gc.log()).add(gc.neg().add(1.0).mul(gc.neg().log1p())).neg().mean();
        var penalty = _gamma > 0 ? entropy.mul(_gamma) : zeros_like(entropy);
        var diagnostics = new Dictionary<string, Tensor>
        {
            ["gate_mean"] = g.detach().mean(),
            ["gate_entropy"] = entropy.detach(),
        };
        return new HeadOutput(g, penalty, diagnostics);
    }
}
