using Microsoft.Extensions.Logging;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;
using SimLap.Contracts.Components;
using SimLap.Contracts.Evaluation;
using SimLap.Plotting;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Evaluators;

/// <summary>
/// Intra- and inter-class cosine similarity of L2-normalised test embeddings, over all unordered pairs i &lt; j of up to
/// max_samples images. Metrics: <c>intra_mean</c>, <c>intra_std</c>, <c>inter_mean</c>, <c>inter_std</c>, <c>gap</c>
/// (intra_mean - inter_mean), <c>overlap</c> = sum over the shared bins of min(p_intra, p_inter), the intersection of the
/// two normalised histograms (1 when identical, 0 when disjoint), and <c>auc</c> = P(intra &gt; inter) + P(tie) / 2,
/// the probability that a random intra-class pair is more similar than a random inter-class pair (Mann-Whitney, from
/// exact ranks; 0.5 = inseparable, 1 = perfectly separated). Plots both histograms as densities.
/// </summary>
[SimLapComponent("similarity", Description = "Intra- vs inter-class cosine similarity: means, spreads, histogram overlap, AUC, histogram plot.")]
public sealed class SimilarityEvaluator : SeededEvaluator<SimilarityOptions>, IEvaluator
{
    /// <summary>Creates the evaluator; its subset is seeded from the context's generator.</summary>
    public SimilarityEvaluator(SimilarityOptions options, ComponentContext context)
        : base(options, context)
    {
    }

    /// <inheritdoc />
    public string Protocol => "similarity";

    /// <summary>The cosine similarities of all pairs i &lt; j, split into same-label and different-label pairs (float64, CPU).</summary>
    public static (Tensor Intra, Tensor Inter) PairSimilarities(Tensor embeddings, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var z = nn.functional.normalize(embeddings.to(ScalarType.Float64), dim: 1);
        var similarity = z.matmul(z.t()).cpu();
        var y = labels.cpu();
        var upper = ones(similarity.shape[0], similarity.shape[0], dtype: ScalarType.Bool).triu(1);
        var same = y.unsqueeze(0).eq(y.unsqueeze(1));
        var intra = similarity.masked_select(upper.logical_and(same));
        var inter = similarity.masked_select(upper.logical_and(same.logical_not()));
        return (intra.MoveToOuterDisposeScope(), inter.MoveToOuterDisposeScope());
    }

    /// <summary>P(intra &gt; inter) + P(tie) / 2 from average ranks; NaN when either set is empty.</summary>
    public static double Auc(Tensor intra, Tensor inter)
    {
        var n1 = intra.numel();
        var n2 = inter.numel();
        if (n1 == 0 || n2 == 0)
        {
            return double.NaN;
        }

        using var scope = NewDisposeScope();
        var values = cat([intra, inter]);
        var (sorted, order) = values.sort();

        // Average ranks of ties: each value's rank is the mean of the first and last positions of its run.
        var (_, maybeInverse, maybeCounts) = unique_consecutive(sorted, return_inverse: true, return_counts: true);
        var (inverse, counts) = (maybeInverse!, maybeCounts!);
        var ends = counts.cumsum(0).to(ScalarType.Float64);
        var averageRank = ends.sub(counts.to(ScalarType.Float64).sub(1).div(2));
        var ranks = zeros(values.shape[0], dtype: ScalarType.Float64).index_put_(averageRank.index_select(0, inverse), order);
        var intraRankSum = ranks.narrow(0, 0, n1).sum().item<double>();
        return (intraRankSum - (n1 * (n1 + 1.0) / 2.0)) / (n1 * (double)n2);
    }

    /// <summary>Normalised histograms (summing to 1) of both sets over [-1, 1] and their intersection.</summary>
    public static (double[] Intra, double[] Inter, double Overlap) Histograms(Tensor intra, Tensor inter, int bins)
    {
        var p = Histogram(intra, bins);
        var q = Histogram(inter, bins);
        return (p, q, p.Zip(q, Math.Min).Sum());
    }

    /// <inheritdoc />
    public EvaluationResult Evaluate(EvaluationContext context)
    {
        var (_, testLabels) = EvaluationInputs.Labels(context, Protocol);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var generator = new Generator((ulong)Seed, CPU);
        var (images, labels) = EvaluationInputs.Sample(context.Test, testLabels, Options.MaxSamples, generator);
        var extractor = EvaluationInputs.Extractor(context, Options.Space);
        var (intra, inter) = PairSimilarities(extractor.Extract(images), labels);
        var (p, q, overlap) = Histograms(intra, inter, Options.Bins);
        var metrics = new Dictionary<string, double>
        {
            ["intra_mean"] = Mean(intra),
            ["intra_std"] = Std(intra),
            ["inter_mean"] = Mean(inter),
            ["inter_std"] = Std(inter),
            ["overlap"] = overlap,
            ["auc"] = Auc(intra, inter),
        };
        metrics["gap"] = metrics["intra_mean"] - metrics["inter_mean"];
        var space = extractor == context.Encoder ? "feature" : "embedding";
        var plot = Plot(p, q, metrics, space, context.Epoch);
        return new EvaluationResult(metrics, PlotFile.TrySavePng(plot, context.WorkDirectory, EvaluationInputs.PlotName($"similarity-{space}", context.Epoch), Logger));
    }

    private static double Mean(Tensor values) => values.numel() == 0 ? double.NaN : values.mean().item<double>();

    private static double Std(Tensor values) => values.numel() < 2 ? 0 : values.std().item<double>();

    private static double[] Histogram(Tensor values, int bins)
    {
        if (values.numel() == 0)
        {
            return new double[bins];
        }

        using var scope = NewDisposeScope();
        var index = values.add(1).mul(bins / 2.0).floor().clamp(0, bins - 1).to(ScalarType.Int64);
        var counts = bincount(index, minlength: bins).to(ScalarType.Float64);
        return counts.div(values.numel()).data<double>().ToArray();
    }

    private PlotModel Plot(double[] intra, double[] inter, Dictionary<string, double> metrics, string space, int epoch)
    {
        var model = PlotFile.NewModel(
            $"Cosine similarity of {space}s: same vs different class",
            $"overlap {metrics["overlap"]:F3}, AUC {metrics["auc"]:F3}, gap {metrics["gap"]:F3}, epoch {epoch}");
        model.Axes.Add(PlotFile.Linear(AxisPosition.Bottom, "cosine similarity", -1, 1));
        model.Axes.Add(PlotFile.Linear(AxisPosition.Left, "density", 0));
        var width = 2.0 / Options.Bins;
        model.Series.Add(Histogram("intra-class pairs", intra, width, OxyColors.SteelBlue));
        model.Series.Add(Histogram("inter-class pairs", inter, width, OxyColors.IndianRed));
        return model;
    }

    private static HistogramSeries Histogram(string title, double[] share, double width, OxyColor color)
    {
        var series = new HistogramSeries
        {
            Title = title,
            FillColor = OxyColor.FromAColor(110, color),
            StrokeColor = color,
            StrokeThickness = 1,
        };
        for (var i = 0; i < share.Length; i++)
        {
            var start = -1 + (i * width);
            series.Items.Add(new HistogramItem(start, start + width, share[i], 0));
        }

        return series;
    }
}
