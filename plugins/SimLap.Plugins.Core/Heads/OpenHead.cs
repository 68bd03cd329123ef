using SimLap.Contracts.Components;
using SimLap.Contracts.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Heads;

/// <summary>No gate: g = 1 everywhere, so the loss sees the whole embedding (the SupCon / "no gate" ablation).</summary>
[SimLapComponent("open", Description = "No gate (all ones): the whole embedding space for every pair.")]
public sealed class OpenHead : ISubspaceHead
{
    private readonly long dim;
    private readonly nn.Module network = nn.Sequential();

    /// <summary>Creates the head; it needs the embedding dimension.</summary>
    public OpenHead(NoOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        if (context.EmbeddingDim < 1)
        {
            throw new InvalidOperationException("The 'open' head needs the embedding dimension, which is not known yet.");
        }

        dim = context.EmbeddingDim;
    }

    /// <inheritdoc />
    public nn.Module Network => network;

    /// <inheritdoc />
    public HeadOutput Gate(PairAssignment pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var device = pairs.AnchorLabels.device;
        var gates = ones(new[] { pairs.AnchorLabels.shape[0], dim }, device: device);
        return new HeadOutput(gates, zeros(Array.Empty<long>(), device: device), new Dictionary<string, Tensor>());
    }
}
