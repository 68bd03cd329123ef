using SimLap.Contracts.Components;
using SimLap.Contracts.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Heads;

/// <summary>
/// The base of the heads that learn a gate per pair of classes (<c>simlap-gate</c>, <c>stochastic-gate</c>,
/// <c>gumbel-gate</c>): the checks of the context (a labelled data set and the embedding dimension), the gate network on
/// the context's device, and the diagnostics they share, <c>gate_mean</c> and <c>gate_open_fraction</c>.
/// </summary>
public abstract class ClassPairGateHead : ISubspaceHead
{
    private readonly nn.Module<Tensor, Tensor, Tensor> network;

    /// <summary>Checks the context and builds the gate network with <paramref name="network"/>, then moves it to the context's device.</summary>
    /// <param name="name">The head's YAML name, for the messages.</param>
    /// <param name="options">The head's options.</param>
    /// <param name="context">The context: its data set must have classes, its embedding dimension must be known.</param>
    /// <param name="network">Builds the network from the number of classes and the embedding dimension.</param>
    private protected ClassPairGateHead(string name, IGateNetworkOptions options, ComponentContext context, Func<long, long, nn.Module<Tensor, Tensor, Tensor>> network)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        var classes = context.RequireData().NumClasses;
        if (classes < 1)
        {
            throw new InvalidOperationException($"The '{name}' head needs a labelled data set (at least one class).");
        }

        if (context.EmbeddingDim < 1)
        {
            throw new InvalidOperationException($"The '{name}' head needs the embedding dimension, which is not known yet.");
        }

        this.network = network(classes, context.EmbeddingDim);
        this.network.to(context.Device);
    }

    /// <inheritdoc />
    public nn.Module Network => this.network;

    /// <summary>Builds the fused gate network of <paramref name="options"/> (E and G), initialised from the context's generator.</summary>
    /// <param name="options">The widths of E and G.</param>
    /// <param name="context">The component's context.</param>
    /// <param name="logits">Return G(...) itself instead of its sigmoid.</param>
    private protected static Func<long, long, nn.Module<Tensor, Tensor, Tensor>> FusedNetwork(IGateNetworkOptions options, ComponentContext context, bool logits, bool batchNorm = true) =>
        (classes, dim) => new FusedGateNetwork(classes, options.Embed, options.Hidden, dim, context.Generator, logits, batchNorm);

    /// <summary>
    /// The gate value above which a gate counts as open in <c>gate_open_fraction</c>: 0, as docs/method.md and the
    /// stochastic gate's penalty count them (P(g &gt; 0)).
    /// </summary>
    protected virtual double OpenThreshold => 0.0;

    /// <inheritdoc />
    public abstract HeadOutput Gate(PairAssignment pairs);

    /// <summary>True while the gate network is in training mode.</summary>
    protected bool Training => this.network.training;

    /// <summary>The gate network's output for the pairs' anchor and partner classes.</summary>
    protected Tensor Forward(PairAssignment pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        return this.network.call(pairs.AnchorLabels, pairs.PartnerLabels);
    }

    /// <summary>The share of gate values above <see cref="OpenThreshold"/>, detached.</summary>
    protected Tensor OpenFraction(Tensor gates)
    {
        ArgumentNullException.ThrowIfNull(gates);
        return gates.detach().gt(OpenThreshold).to(gates.dtype).mean();
    }

    /// <summary>The mean gate value, detached.</summary>
    protected static Tensor Mean(Tensor gates)
    {
        ArgumentNullException.ThrowIfNull(gates);
        return gates.detach().mean();
    }
}
