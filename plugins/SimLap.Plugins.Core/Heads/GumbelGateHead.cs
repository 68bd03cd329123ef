using SimLap.Contracts.Components;
using SimLap.Contracts.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Heads;

/// <summary>
/// The binary concrete (Gumbel-sigmoid) gate (Maddison et al., 2017) on SimLAP's fused class-pair MLP: logits
/// a(y1, y2) = G((E[y1] + E[y2]) / 2), and g = sigmoid((a + log u - log(1 - u)) / T) with u ~ U(0, 1) during training.
/// In evaluation the noise is dropped, g = sigmoid(a / T): the gate keeps the scale the loss was trained with and never
/// closes a pair's subspace completely (a hard threshold a &gt; 0 could leave a pair with no dimension at all).
/// </summary>
[SimLapComponent("gumbel-gate", Description = "Binary concrete gate sigmoid((logit + logistic noise) / T) in training, sigmoid(logit / T) in evaluation.")]
public sealed class GumbelGateHead : ClassPairGateHead
{
    private const double Eps = 1e-6;
    private readonly Generator generator;
    private readonly double temperature;

    /// <summary>Builds the gate network on the context's device; initialisation and noise come from the context's generator.</summary>
    public GumbelGateHead(GumbelGateOptions options, ComponentContext context)
        : base("gumbel-gate", options, context, FusedNetwork(options, context, logits: true))
    {
        this.generator = context.Generator;
        temperature = options.Temperature;
    }

    /// <summary>
    /// One half: a sigmoid gate is never exactly 0, so it counts as open on the open side of the relaxed Bernoulli
    /// (g &gt; 0.5, i.e. a &gt; 0); the other heads count g &gt; 0.
    /// </summary>
    protected override double OpenThreshold => 0.5;

    /// <inheritdoc />
    public override HeadOutput Gate(PairAssignment pairs)
    {
        var a = Forward(pairs);
        if (Training)
        {
            // Logistic noise log u - log(1 - u), u ~ U(0, 1) kept away from 0 and 1.
            var u = rand(a.shape, dtype: a.dtype, generator: this.generator).clamp(Eps, 1.0 - Eps).to(a.device);
            a = a.add(u.log().sub(u.neg().log1p()));
        }

        var g = a.div(temperature).sigmoid();
        var diagnostics = new Dictionary<string, Tensor>
        {
            ["gate_mean"] = Mean(g),
            ["gate_open_fraction"] = OpenFraction(g),
        };
        return new HeadOutput(g, zeros(Array.Empty<long>(), dtype: g.dtype, device: g.device), diagnostics);
    }
}
