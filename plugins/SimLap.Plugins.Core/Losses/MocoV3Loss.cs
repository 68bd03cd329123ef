using SimLap.Contracts.Components;
using SimLap.Contracts.Model;
using SimLap.Plugins.Core.Losses.Functional;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Losses;

/// <summary>
/// MoCo v3 (Chen et al., 2021): InfoNCE of the online predictions q(z) against the momentum target's keys t of the other view
/// in the batch, positives on the diagonal, scaled by 2 tau and summed over both directions as in the paper:
/// loss = 2 tau CE(q(z1) t2^T / tau) + 2 tau CE(q(z2) t1^T / tau), cosines on l2-normalised vectors. Pairs and gates are
/// ignored; the predictor q is the loss's <see cref="Network"/>.
/// </summary>
[SimLapComponent("moco-v3", Description = "MoCo v3: InfoNCE of predictions against momentum-target keys of the batch, symmetrised.")]
public sealed class MocoV3Loss : IMomentumLoss
{
    private readonly PredictorNetwork predictor;
    private readonly double temperature;

    /// <summary>Creates the predictor on the embedding dimension, initialised from the context's generator.</summary>
    public MocoV3Loss(MocoV3Options options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        if (context.EmbeddingDim < 1)
        {
            throw new InvalidOperationException("The 'moco-v3' loss needs the embedding dimension, which is not known yet.");
        }

        this.predictor = new PredictorNetwork(context.EmbeddingDim, options.PredHidden, context.Generator, context.Device);
        temperature = options.Temperature;
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
        var (t1, t2) = MomentumTargets.Require(input, "moco-v3");
        var loss = MocoV3.Symmetric(this.predictor.call(input.View1), this.predictor.call(input.View2), t1, t2, temperature);
        return new LossOutput(loss, new Dictionary<string, Tensor>());
    }
}
