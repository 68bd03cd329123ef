using SimLap.Contracts.Components;
using SimLap.Contracts.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Samples.CosineMargin;

/// <summary>
/// Multi-positive contrastive loss with an additive cosine margin (CosFace-style) on gated similarities: the
/// similarity of anchor i and key j is the cosine of <c>z1_i * g_i</c> and <c>z2_j * g_i</c> (the anchor's gate
/// selects the subspace both are compared in), positives are the pair sampler's, and <c>margin</c> is subtracted
/// from positive cosines so they must beat the negatives by that much. Symmetric in the two views.
/// </summary>
[SimLapComponent("cosine-margin", Description = "Sample plugin: multi-positive contrastive loss with an additive margin on gated cosines.")]
public sealed class CosineMarginLoss(CosineMarginOptions options, ComponentContext context) : ILoss
{
    /// <summary>The options this loss was built with.</summary>
    public CosineMarginOptions Options { get; } = options;

    /// <summary>The context this loss was built with.</summary>
    public ComponentContext Context { get; } = context;

    /// <inheritdoc />
    public nn.Module Network { get; } = nn.Sequential();

    /// <inheritdoc />
    public LossOutput Compute(LossInput input)
    {
        var (forward, cosForward) = Directional(input.View1, input.View2, input.Gates, input.Pairs);
        var (backward, _) = Directional(input.View2, input.View1, input.Gates, input.Pairs);
        var positives = input.Pairs.Positives;
        var hasPositive = positives.any(1);
        var positiveCosine = cosForward.masked_select(positives).mean();
        return new LossOutput(forward.add(backward).div(2.0), new Dictionary<string, Tensor>
        {
            ["positive_cosine"] = positiveCosine.detach(),
            ["no_positive_fraction"] = hasPositive.logical_not().to_type(ScalarType.Float32).mean(),
        });
    }

    /// <summary>The loss from anchors <paramref name="anchors"/> to keys <paramref name="keys"/>, and the gated cosines.</summary>
    private (Tensor Loss, Tensor Cosines) Directional(Tensor anchors, Tensor keys, Tensor gates, PairAssignment pairs)
    {
        var g2 = gates.square();
        var dot = anchors.mul(g2).matmul(keys.t());
        var anchorNorm = anchors.square().mul(g2).sum(1, keepdim: true).clamp_min(1e-12).sqrt();
        var keyNorm = g2.matmul(keys.square().t()).clamp_min(1e-12).sqrt();
        var cosines = dot.div(anchorNorm.mul(keyNorm));

        var positives = pairs.Positives;
        var logits = cosines.sub(positives.to_type(cosines.dtype).mul(Options.Margin)).div(Options.Temperature);
        logits = logits.masked_fill(pairs.Excluded, double.NegativeInfinity);
        var logAll = logits.logsumexp(1);
        var logPositive = logits.masked_fill(positives.logical_not(), double.NegativeInfinity).logsumexp(1);
        var hasPositive = positives.any(1);
        var perAnchor = logAll.sub(logPositive).masked_fill(hasPositive.logical_not(), 0.0);
        var count = hasPositive.sum().clamp_min(1).to_type(perAnchor.dtype);
        return (perAnchor.sum().div(count), cosines);
    }
}
