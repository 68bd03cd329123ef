using SimLap.Contracts.Components;
using SimLap.Contracts.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Heads;

/// <summary>
/// The stochastic gate (Yamada et al., 2020) on SimLAP's fused class-pair MLP: a mean mu(y1, y2) = 0.5 + G((E[y1] + E[y2]) / 2)
/// (the 0.5 offset starts an untrained gate half open, as STG initialises mu), and the hard-sigmoid gate
/// g = clamp(mu + sigma * eps, 0, 1) with eps ~ N(0, 1) during training, g = clamp(mu, 0, 1) in evaluation.
/// The optional penalty is the expected L0 norm per dimension, gamma * mean P(g &gt; 0) = gamma * mean Phi(mu / sigma).
/// </summary>
[SimLapComponent("stochastic-gate", Description = "Hard-sigmoid gate clamp(mu + sigma*eps, 0, 1) with Gaussian noise in training, clamp(mu, 0, 1) in evaluation.")]
public sealed class StochasticGateHead : ISubspaceHead
{
    private const double MeanOffset = 0.5;
    private readonly FusedGateNetwork _network;
    private readonly Generator _generator;
    private readonly double _sigma;
    private readonly double _gamma;

    /// <summary>Builds the gate network on the context's device; initialisation and noise come from the context's generator.</summary>
    public StochasticGateHead(StochasticGateOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        var classes = context.RequireData().NumClasses;
        if (classes < 1)
        {
            throw new InvalidOperationException("The 'stochastic-gate' head needs a labelled data set (at least one class).");
        }

        if (context.EmbeddingDim < 1)
        {
            throw new InvalidOperationException("The 'stochastic-gate' head needs the embedding dimension, which is not known yet.");
        }

        _network = new FusedGateNetwork(classes, options.Embed, options.Hidden, context.EmbeddingDim, context.Generator, logits: true);
        _network.to(context.Device);
        _generator = context.Generator;
        _sigma = options.Sigma;
        _gamma = options.Penalty;
    }

    /// <inheritdoc />
    public nn.Module Network => _network;

    /// <inheritdoc />
    public HeadOutput Gate(PairAssignment pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var mu = _network.call(pairs.AnchorLabels, pairs.PartnerLabels).add(MeanOffset);
        var g = _network.training
            ? mu.add(randn(mu.shape, dtype: mu.dtype, generator: _generator).to(mu.device).mul(_sigma)).clamp(0.0, 1.0)
            : mu.clamp(0.0, 1.0);

        // P(g > 0) = P(mu + sigma * eps > 0) = Phi(mu / sigma).
        var expectedOpen = special.ndtr(mu.div(_sigma)).mean();
        var penalty = _gamma > 0 ? expectedOpen.mul(_gamma) : zeros_like(expectedOpen);
        var diagnostics = new Dictionary<string, Tensor>
        {
            ["gate_mean"] = g.detach().mean(),
            ["gate_open_fraction"] = g.detach().gt(0).to(g.dtype).mean(),
            ["gate_expected_open"] = expectedOpen.detach(),
        };
        return new HeadOutput(g, penalty, diagnostics);
    }
}
