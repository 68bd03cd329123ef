using SimLap.Contracts.Components;
using SimLap.Contracts.Model;
using SimLap.Plugins.Core.Losses.Functional;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Losses;

/// <summary>
/// BYOL (<see cref="Byol"/>): the online predictions q(z) regress the momentum target's embeddings of the other view.
/// Pairs and gates are ignored; the predictor q is the loss's <see cref="Network"/>.
/// </summary>
[SimLapComponent("byol", Description = "BYOL: predictor regresses the momentum target's embedding of the other view (2 - 2 cos, symmetrised).")]
public sealed class ByolLoss : IMomentumLoss
{
    private readonly PredictorNetwork predictor;

    /// <summary>Creates the predictor on the embedding dimension, initialised from the context's generator.</summary>
    public ByolLoss(ByolOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        if (context.EmbeddingDim < 1)
        {
            throw new InvalidOperationException("The 'byol' loss needs the embedding dimension, which is not known yet.");
        }

        this.predictor = new PredictorNetwork(context.EmbeddingDim, options.PredHidden, context.Generator, context.Device);
        Momentum = new MomentumSchedule(options.MomentumBase, options.MomentumFinal);
    }

    /// <inheritdoc />
    public nn.Module Network => this.predictor;

    /// <inheritdoc />
    public MomentumSchedule Momentum { get; }

    /// <inheritdoc />
    public LossOutput Compute(LossInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (t1, t2) = MomentumTargets.Require(input, "byol");
        var terms = Byol.Compute(this.predictor.call(input.View1), this.predictor.call(input.View2), t1, t2);
        return new LossOutput(terms.Loss, new Dictionary<string, Tensor> { ["prediction_cosine"] = terms.PredictionCosine });
    }
}
