using SimLap.Contracts.Components;
using SimLap.Contracts.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Losses;

/// <summary>
/// BYOL (Grill et al., 2020): the online predictions q(z) regress the momentum target's embeddings t of the other view,
/// loss = mean_b [ (2 - 2 cos(q(z1_b), t2_b)) + (2 - 2 cos(q(z2_b), t1_b)) ], the paper's symmetrised sum (not halved:
/// it ranges over [0, 8]). Pairs and gates are ignored; the predictor q is the loss's <see cref="Network"/>.
/// </summary>
[SimLapComponent("byol", Description = "BYOL: predictor regresses the momentum target's embedding of the other view (2 - 2 cos, symmetrised).")]
public sealed class ByolLoss : IMomentumLoss
{
    private readonly PredictorNetwork _predictor;

    /// <summary>Creates the predictor on the embedding dimension, initialised from the context's generator.</summary>
    public ByolLoss(ByolOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        if (context.EmbeddingDim < 1)
        {
            throw new InvalidOperationException("The 'byol' loss needs the embedding dimension, which is not known yet.");
        }

        _predictor = new PredictorNetwork(context.EmbeddingDim, options.PredHidden, context.Generator, context.Device);
        Momentum = new MomentumSchedule(options.MomentumBase, options.MomentumFinal);
    }

    /// <inheritdoc />
    public nn.Module Network => _predictor;

    /// <inheritdoc />
    public MomentumSchedule Momentum { get; }

    /// <inheritdoc />
    public LossOutput Compute(LossInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (t1, t2) = MomentumTargets.Require(input, "byol");
        var cos12 = nn.functional.cosine_similarity(_predictor.call(input.View1), t2, dim: 1);
        var cos21 = nn.functional.cosine_similarity(_predictor.call(input.View2), t1, dim: 1);
        var loss = cos12.mul(-2.0).add(2.0).add(cos21.mul(-2.0).add(2.0)).mean();
        var diagnostics = new Dictionary<string, Tensor>
        {
            ["prediction_cosine"] = cos12.detach().add(cos21.detach()).div(2.0).mean(),
        };
        return new LossOutput(loss, diagnostics);
    }
}
