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
public sealed class StochasticGateHead : ClassPairGateHead
{
    private const double MeanOffset = 0.5;
    private readonly Generator generator;
    private readonly double sigma;
    private readonly double gamma;

    /// <summary>Builds the gate network on the context's device; initialisation and noise come from the context's generator.</summary>
    public StochasticGateHead(StochasticGateOptions options, ComponentContext context)
        : base("stochastic-gate", options, context, FusedNetwork(options, context, logits: true))
    {
        this.generator = context.Generator;
        this.sigma = options.Sigma;
        this.gamma = options.Penalty;
    }

    /// <inheritdoc />
    public override HeadOutput Gate(PairAssignment pairs)
    {
        var mu = Forward(pairs).add(MeanOffset);
        var g = Training
            ? mu.add(randn(mu.shape, dtype: mu.dtype, generator: this.generator).to(mu.device).mul(this.sigma)).clamp(0.0, 1.0)
            : mu.clamp(0.0, 1.0);

        // P(g > 0) = P(mu + sigma * eps > 0) = Phi(mu / sigma).
        var expectedOpen = special.ndtr(mu.div(this.sigma)).mean();
        var penalty = this.gamma > 0 ? expectedOpen.mul(this.gamma) : zeros_like(expectedOpen);
        var diagnostics = new Dictionary<string, Tensor>
        {
            ["gate_mean"] = Mean(g),
            ["gate_open_fraction"] = OpenFraction(g),
            ["gate_expected_open"] = expectedOpen.detach(),
        };
        return new HeadOutput(g, penalty, diagnostics);
    }
}
