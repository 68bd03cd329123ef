using SimLap.Contracts.Components;
using SimLap.Contracts.Model;
using SimLap.Plugins.Core.Losses.Functional;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Losses;

/// <summary>
/// SimLAP-dagger (docs/method.md), SimLAP on a MoCo v3 base:
/// loss = ( L_inst + beta * L_pair + alpha * L_class ) / (1 + alpha + beta), where
/// L_inst is the MoCo v3 loss of the predictions q(z) against the momentum target's keys (as <c>moco-v3</c>),
/// L_pair the multi-positive loss on the batch's pairs and gates (as <c>multi-positive</c>, symmetrised), and
/// L_class the same loss with identical pairs (y2 = y1) and all-ones gates (SupCon).
/// </summary>
[SimLapComponent("simlap-dagger", Description = "SimLAP-dagger: (MoCo v3 instance + beta * gated pair + alpha * class loss) / (1 + alpha + beta).")]
public sealed class SimLapDaggerLoss : IMomentumLoss
{
    private readonly PredictorNetwork predictor;
    private readonly SimLapDaggerOptions options;

    /// <summary>Creates the predictor on the embedding dimension, initialised from the context's generator.</summary>
    public SimLapDaggerLoss(SimLapDaggerOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        if (context.EmbeddingDim < 1)
        {
            throw new InvalidOperationException("The 'simlap-dagger' loss needs the embedding dimension, which is not known yet.");
        }

        this.predictor = new PredictorNetwork(context.EmbeddingDim, options.PredHidden, context.Generator, context.Device);
        this.options = options;
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
        var (t1, t2) = MomentumTargets.Require(input, "simlap-dagger");
        var (z1, z2) = (input.View1, input.View2);
        var labels = input.Pairs.AnchorLabels;

        var instance = MocoV3.Symmetric(this.predictor.call(z1), this.predictor.call(z2), t1, t2, this.options.InstanceTemperature);
        var pair = GatedMultiPositive.Loss(z1, z2, input.Gates, input.Pairs, Logits, symmetric: true);
        var classes = GatedMultiPositive.Loss(z1, z2, ones_like(input.Gates), PairAssignment.ForClasses(labels, labels), Logits, symmetric: true);
        var loss = SimLapDagger.Combine(instance, pair, classes, this.options.Alpha, this.options.Beta);

        var diagnostics = GatedMultiPositive.Diagnostics(input.Pairs);
        diagnostics["loss_instance"] = instance.detach();
        diagnostics["loss_pair"] = pair.detach();
        diagnostics["loss_class"] = classes.detach();
        return new LossOutput(loss, diagnostics);
    }

    private Tensor Logits(Tensor cosines) => cosines.mul(1.0 / this.options.Temperature);
}
