using SimLap.Contracts.Model;
using SimLap.Plugins.Core.Losses.Functional;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Losses;

/// <summary>The adapters of <see cref="MultiPositive"/> to a pair sampler's <see cref="PairAssignment"/>, and the diagnostics of the losses on pairs.</summary>
internal static class GatedMultiPositive
{
    /// <summary><see cref="MultiPositive.Loss(Tensor, Tensor, Tensor, Tensor, Tensor, Func{Tensor, Tensor}, bool)"/> with the positives and exclusions of <paramref name="pairs"/>.</summary>
    public static Tensor Loss(Tensor view1, Tensor view2, Tensor gates, PairAssignment pairs, Func<Tensor, Tensor> scale, bool symmetric) =>
        MultiPositive.Loss(view1, view2, gates, pairs.Positives, pairs.Excluded, scale, symmetric);

    /// <summary>The fraction of anchors without positives and the mean number of positives, detached.</summary>
    public static Dictionary<string, Tensor> Diagnostics(PairAssignment pairs)
    {
        var counts = pairs.Positives.sum(1).to(ScalarType.Float32);
        return new Dictionary<string, Tensor>
        {
            ["no_positive_fraction"] = counts.eq(0).to(ScalarType.Float32).mean(),
            ["positives_mean"] = counts.mean(),
        };
    }
}
