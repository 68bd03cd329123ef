using static TorchSharp.torch;

namespace SimLap.Contracts.Model;

/// <summary>Everything a loss may use for one batch.</summary>
/// <param name="View1">Embeddings of the first views, float [B, d].</param>
/// <param name="View2">Embeddings of the second views, float [B, d].</param>
/// <param name="Pairs">The pairs from view-1 anchors to view-2 keys (the same pairs serve view 2 to view 1).</param>
/// <param name="Gates">The head's gates, float [B, d].</param>
/// <param name="Features1">Backbone features of the first views, float [B, F] (for losses with their own heads).</param>
/// <param name="Features2">Backbone features of the second views, float [B, F].</param>
public sealed record LossInput(Tensor View1, Tensor View2, PairAssignment Pairs, Tensor Gates, Tensor Features1, Tensor Features2)
{
    /// <summary>Embeddings of the first views by the momentum (EMA) target network, without gradient; null unless the loss is an <see cref="IMomentumLoss"/>.</summary>
    public Tensor? Target1 { get; init; }

    /// <summary>Embeddings of the second views by the momentum target network, without gradient; null unless the loss is an <see cref="IMomentumLoss"/>.</summary>
    public Tensor? Target2 { get; init; }
}
