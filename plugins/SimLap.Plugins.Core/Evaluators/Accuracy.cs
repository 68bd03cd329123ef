using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Evaluators;

/// <summary>Top-k accuracy in % of class scores [N, C] against labels [N].</summary>
internal static class Accuracy
{
    /// <summary>The share (in %) of rows whose true class is among the <paramref name="k"/> highest scores.</summary>
    public static double TopK(Tensor scores, Tensor labels, int k)
    {
        using var scope = NewDisposeScope();
        if (labels.numel() == 0)
        {
            return double.NaN;
        }

        var top = scores.topk((int)Math.Min(k, scores.shape[1]), dim: 1).Item2;
        var hits = top.eq(labels.to(top.device).unsqueeze(1)).any(1);
        return 100.0 * hits.to(ScalarType.Float64).mean().item<double>();
    }

    /// <summary>Top-1 and (for at least 5 classes) top-5 accuracy under the metric keys <c>top1</c> and <c>top5</c>.</summary>
    public static void Add(IDictionary<string, double> metrics, Tensor scores, Tensor labels, long classes, string prefix = "")
    {
        metrics[prefix + "top1"] = TopK(scores, labels, 1);
        if (classes >= 5)
        {
            metrics[prefix + "top5"] = TopK(scores, labels, 5);
        }
    }
}
