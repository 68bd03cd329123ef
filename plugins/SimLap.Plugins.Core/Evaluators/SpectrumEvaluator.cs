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
/// Dimensional collapse: the singular values s_1 &gt;= ... &gt;= s_d of the covariance of the test embeddings (float64,
/// 1/(N-1) normalisation). Metrics: <c>effective_rank</c> = exp(-sum p_i log p_i) with p_i = s_i / sum s (Roy &amp; Vetterli,
/// 2007; d when the spectrum is flat, 1 for a single direction), <c>dims_above_threshold</c> = #{ s_i &gt; threshold * s_1 },
/// <c>top_singular_value_ratio</c> = s_1 / sum s, and <c>dims</c> = d. Plots s_i / s_1 on a log scale.
/// </summary>
[SimLapComponent("spectrum", Description = "Singular-value spectrum of the embedding covariance: effective rank, dimensions above a threshold, plot.")]
public sealed class SpectrumEvaluator : SeededEvaluator<SpectrumOptions>, IEvaluator
{
    /// <summary>Creates the evaluator; its subset is seeded from the context's generator.</summary>
    public SpectrumEvaluator(SpectrumOptions options, ComponentContext context)
        : base(options, context)
    {
    }

    /// <inheritdoc />
    public string Protocol => "spectrum";

    /// <summary>Singular values of the covariance of <paramref name="embeddings"/> [N, d], descending, as doubles.</summary>
    public static double[] CovarianceSpectrum(Tensor embeddings)
    {
        using var scope = NewDisposeScope();
        var z = embeddings.to(ScalarType.Float64);
        var centred = z.sub(z.mean([0L], keepdim: true));
        var covariance = centred.t().matmul(centred).div(Math.Max(1, z.shape[0] - 1));
        return linalg.svdvals(covariance).cpu().data<double>().ToArray();
    }

    /// <summary>exp of the entropy of the normalised spectrum (Roy &amp; Vetterli); 0 for an all-zero spectrum.</summary>
    public static double EffectiveRank(IReadOnlyList<double> singularValues)
    {
        var total = singularValues.Sum();
        if (!(total > 0))
        {
            return 0;
        }

        var entropy = singularValues.Where(s => s > 0).Select(s => s / total).Sum(p => -p * Math.Log(p));
        return Math.Exp(entropy);
    }

    /// <inheritdoc />
    public EvaluationResult Evaluate(EvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Test.Count < 2)
        {
            throw new InvalidOperationException("The 'spectrum' evaluator needs at least two test images.");
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var generator = new Generator((ulong)Seed, CPU);
        var subset = EvaluationInputs.Subset(context.Test.Count, Options.MaxSamples, generator);
        var images = EvaluationInputs.Images(context.Test, subset);
        var extractor = EvaluationInputs.Extractor(context, Options.Space);
        var spectrum = CovarianceSpectrum(extractor.Extract(images));
        var largest = spectrum.Length > 0 ? spectrum[0] : 0;
        var total = spectrum.Sum();
        var metrics = new Dictionary<string, double>
        {
            ["effective_rank"] = EffectiveRank(spectrum),
            ["dims_above_threshold"] = largest > 0 ? spectrum.Count(s => s > Options.Threshold * largest) : 0,
            ["top_singular_value_ratio"] = total > 0 ? largest / total : 0,
            ["dims"] = spectrum.Length,
        };
        var space = extractor == context.Encoder ? "feature" : "embedding";
        var plot = Plot(spectrum, metrics, space, context.Epoch);
        return new EvaluationResult(metrics, PlotFile.TrySavePng(plot, context.WorkDirectory, EvaluationInputs.PlotName($"spectrum-{space}", context.Epoch), Logger));
    }

    private PlotModel Plot(double[] spectrum, Dictionary<string, double> metrics, string space, int epoch)
    {
        var model = PlotFile.NewModel(
            $"Singular values of the {space} covariance",
            $"effective rank {metrics["effective_rank"]:F1} of {spectrum.Length}, {metrics["dims_above_threshold"]:F0} above {Options.Threshold:G3} x largest, epoch {epoch}");
        model.Axes.Add(PlotFile.Linear(AxisPosition.Bottom, "singular value index", 0, Math.Max(2, spectrum.Length + 1)));
        model.Axes.Add(PlotFile.Log(AxisPosition.Left, "singular value / largest (log scale)"));
        var largest = spectrum.Length > 0 && spectrum[0] > 0 ? spectrum[0] : 1;
        var floor = 1e-12;
        var line = new LineSeries { Title = space, Color = OxyColors.SteelBlue, StrokeThickness = 2, MarkerType = spectrum.Length <= 64 ? MarkerType.Circle : MarkerType.None, MarkerSize = 3 };
        line.Points.AddRange(spectrum.Select((s, i) => new DataPoint(i + 1, Math.Max(s / largest, floor))));
        var threshold = new LineSeries { Title = $"threshold {Options.Threshold:G3}", Color = OxyColors.IndianRed, LineStyle = LineStyle.Dash };
        threshold.Points.Add(new DataPoint(1, Options.Threshold));
        threshold.Points.Add(new DataPoint(Math.Max(2, spectrum.Length), Options.Threshold));
        model.Series.Add(line);
        model.Series.Add(threshold);
        return model;
    }
}
