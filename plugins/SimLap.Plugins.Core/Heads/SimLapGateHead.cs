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
public sealed class SimLapGateHead : ClassPairGateHead
{
    private const double Eps = 1e-6;
    private readonly double gamma;

    /// <summary>Builds the gate network on the context's device, initialised from the context's generator.</summary>
    public SimLapGateHead(SimLapGateOptions options, ComponentContext context)
        : base("simlap-gate", options, context, (classes, dim) => options.Fuse
            ? FusedNetwork(options, context, logits: false, options.BatchNorm)(classes, dim)
            : new ProductGateNetwork(classes, dim, context.Generator))
    {
        gamma = options.Penalty;
    }

    /// <inheritdoc />
    public override HeadOutput Gate(PairAssignment pairs)
    {
        var g = Forward(pairs);
        var gc = g.clamp(Eps, 1.0 - Eps);
        var entropy = gc.mul(gc.log()).add(gc.neg().add(1.0).mul(gc.neg().log1p())).neg().mean();
        var penalty = gamma > 0 ? entropy.mul(gamma) : zeros_like(entropy);
        var diagnostics = new Dictionary<string, Tensor>
        {
            ["gate_mean"] = Mean(g),
            ["gate_entropy"] = entropy.detach(),
        };
        return new HeadOutput(g, penalty, diagnostics);
    }
}
