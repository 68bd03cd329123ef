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
public sealed class GumbelGateHead : ISubspaceHead
{
    private const double Eps = 1e-6;
    private readonly FusedGateNetwork _network;
    private readonly Generator _generator;
    private readonly double _temperature;

    /// <summary>Builds the gate network on the context's device; initialisation and noise come from the context's generator.</summary>
    public GumbelGateHead(GumbelGateOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        var classes = context.RequireData().NumClasses;
        if (classes < 1)
        {
            throw new InvalidOperationException("The 'gumbel-gate' head needs a labelled data set (at least one class).");
        }

        if (context.EmbeddingDim < 1)
        {
            throw new InvalidOperationException("The 'gumbel-gate' head needs the embedding dimension, which is not known yet.");
        }

        _network = new FusedGateNetwork(classes, options.Embed, options.Hidden, context.EmbeddingDim, context.Generator, logits: true);
        _network.to(context.Device);
        _generator = context.Generator;
        _temperature = options.Temperature;
    }

    /// <inheritdoc />
    public nn.Module Network => _network;

    /// <inheritdoc />
    public HeadOutput Gate(PairAssignment pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var a = _network.call(pairs.AnchorLabels, pairs.PartnerLabels);
        if (_network.training)
        {
            // Logistic noise log u - log(1 - u), u ~ U(0, 1) kept away from 0 and 1.
            var u = rand(a.shape, dtype: a.dtype, generator: _generator).clamp(Eps, 1.0 - Eps).to(a.device);
            a = a.add(u.log().sub(u.neg().log1p()));
        }

        var g = a.div(_temperature).sigmoid();
        var diagnostics = new Dictionary<string, Tensor>
        {
            ["gate_mean"] = g.detach().mean(),
            ["gate_open_fraction"] = g.detach().gt(0.5).to(g.dtype).mean(),
        };
        return new HeadOutput(g, zeros(Array.Empty<long>(), dtype: g.dtype, device: g.device), diagnostics);
    }
}
