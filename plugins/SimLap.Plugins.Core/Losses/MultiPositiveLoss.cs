using SimLap.Contracts.Components;
using SimLap.Contracts.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Losses;

/// <summary>
/// SimLAP's multi-positive contrastive loss (SupCon with identical pairs and the open gate). For anchor i with gate g_i:
/// s_ij = cos(g_i*a_i, g_i*k_j), l_ij = s_ij/tau re-centred per row, and
/// L_i = 1/|P_i| sum_{p in P_i} [ log(exp(l_ip) + sum_{n in N_i} exp(l_in)) - l_ip ].
/// </summary>
[SimLapComponent("multi-positive", typeof(MultiPositiveOptions), Description = "SimLAP/SupCon multi-positive loss on gated cosine similarities.")]
public sealed class MultiPositiveLoss : ILoss
{
    private const double Eps = 1e-12;
    private readonly double _inverseTemperature;
    private readonly LogitScale? _scale;
    private readonly bool _symmetric;

    /// <summary>Creates the loss; with a learnable scale its parameter lives in <see cref="Network"/>.</summary>
    public MultiPositiveLoss(MultiPositiveOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        _inverseTemperature = 1.0 / options.Temperature;
        _symmetric = options.Symmetric;
        if (options.LearnableScale)
        {
            _scale = new LogitScale(_inverseTemperature, context.Device);
        }

        Network = (nn.Module?)_scale ?? nn.Sequential();
    }

    /// <inheritdoc />
    public nn.Module Network { get; }

    /// <inheritdoc />
    public LossOutput Compute(LossInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var positives = input.Pairs.Positives;
        var negatives = positives.logical_or(input.Pairs.Excluded).logical_not();
        var loss = Direction(input.View1, input.View2, input.Gates, positives, negatives);
        if (_symmetric)
        {
            loss = loss.add(Direction(input.View2, input.View1, input.Gates, positives, negatives)).div(2.0);
        }

        var counts = positives.sum(1).to(ScalarType.Float32);
        var diagnostics = new Dictionary<string, Tensor>
        {
            ["no_positive_fraction"] = counts.eq(0).to(ScalarType.Float32).mean(),
            ["positives_mean"] = counts.mean(),
        };
        return new LossOutput(loss, diagnostics);
    }

    /// <summary>The loss of anchors (rows) against keys (columns), averaged over anchors with at least one positive.</summary>
    private Tensor Direction(Tensor anchors, Tensor keys, Tensor gates, Tensor positives, Tensor negatives)
    {
        // s_ij = <g_i a_i, g_i k_j> / (||g_i a_i|| ||g_i k_j||), without materialising g_i * k_j.
        var g2 = gates.square();
        var dot = g2.mul(anchors).matmul(keys.t());
        var anchorNorm = gates.mul(anchors).norm(1, true).clamp_min(Eps);
        var keyNorm = g2.matmul(keys.square().t()).clamp_min(Eps * Eps).sqrt();
        var s = dot.div(anchorNorm).div(keyNorm);

        var l = _scale is null ? s.mul(_inverseTemperature) : s.mul(_scale.Value);
        l = l.sub(l.mean(new long[] { 1 }, keepdim: true));

        // log(exp(l_ip) + sum_{n in N_i} exp(l_in)) - l_ip, for every (i, p), masked to the positives.
        var negativeLse = l.masked_fill(negatives.logical_not(), double.NegativeInfinity).logsumexp(1, keepdim: true);
        var perPair = l.logaddexp(negativeLse).sub(l);
        var pf = positives.to(l.dtype);
        var count = pf.sum(1);
        var perAnchor = perPair.mul(pf).sum(1).div(count.clamp_min(1.0));
        var hasPositive = count.gt(0).to(l.dtype);
        return perAnchor.mul(hasPositive).sum().div(hasPositive.sum().clamp_min(1.0));
    }
}
