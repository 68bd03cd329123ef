using SimLap.Contracts.Components;
using SimLap.Contracts.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Losses;

/// <summary>
/// SimCLR's NT-Xent: over the 2B embeddings z of both views, l_ij = cos(z_i, z_j)/tau with i != j, and
/// loss = mean_i [ logsumexp_{j != i} l_ij - l_{i, pos(i)} ], pos(i) the other view of the same image.
/// Pairs and gates are ignored.
/// </summary>
[SimLapComponent("nt-xent", Description = "SimCLR NT-Xent over both views (instance positives; ignores pairs and gates).")]
public sealed class NtXentLoss : ILoss
{
    private readonly double _temperature;

    /// <summary>Creates the loss.</summary>
    public NtXentLoss(NtXentOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        _temperature = options.Temperature;
    }

    /// <inheritdoc />
    public nn.Module Network { get; } = nn.Sequential();

    /// <inheritdoc />
    public LossOutput Compute(LossInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var batch = input.View1.shape[0];
        var z = nn.functional.normalize(cat(new[] { input.View1, input.View2 }, 0), dim: 1);
        var self = eye(2 * batch, dtype: ScalarType.Bool, device: z.device);
        var l = z.matmul(z.t()).div(_temperature).masked_fill(self, double.NegativeInfinity);
        var partner = arange(2 * batch, device: z.device).add(batch).remainder(2 * batch);
        var positive = l.gather(1, partner.unsqueeze(1)).squeeze(1);
        var loss = l.logsumexp(1).sub(positive).mean();
        var diagnostics = new Dictionary<string, Tensor>
        {
            ["positive_cosine"] = positive.detach().mul(_temperature).mean(),
        };
        return new LossOutput(loss, diagnostics);
    }
}
