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
/// Few-shot transfer on frozen backbone features: for each seed, a seeded random order of each class's training images;
/// for each shot count k, the first k of every class are the labelled set, a <see cref="LinearProbe"/> is fitted on
/// their features and scored on the whole test split. Logs <c>shots_k/mean</c> and <c>shots_k/std</c> (sample standard
/// deviation over seeds, 0 for one seed) of top-1 in %, optionally <c>shots_k/seed_s</c>, and plots accuracy vs shots.
/// Draws are the same at every evaluation of a run (seeded once from the component's generator).
/// </summary>
[SimLapComponent("few-shot", Description = "Few-shot linear probe: k labelled examples per class, mean/std top-1 % over seeds, plot vs k.")]
public sealed class FewShotEvaluator : SeededEvaluator<FewShotOptions>, IEvaluator
{
    /// <summary>Creates the evaluator; its draws are seeded from the context's generator.</summary>
    public FewShotEvaluator(FewShotOptions options, ComponentContext context)
        : base(options, context)
    {
    }

    /// <inheritdoc />
    public string Protocol => "few-shot";

    /// <inheritdoc />
    public EvaluationResult Evaluate(EvaluationContext context)
    {
        var (trainLabels, testLabels) = EvaluationInputs.Labels(context, Protocol);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var classes = EvaluationInputs.Classes(context, trainLabels, testLabels);
        var labels = trainLabels.cpu();
        var members = Enumerable.Range(0, (int)classes).Select(c => labels.eq(c).nonzero().reshape(-1)).ToArray();
        var shots = UsableShots(members.Min(m => m.shape[0]));
        var metrics = new Dictionary<string, double>();
        if (shots.Count == 0)
        {
            return new EvaluationResult(metrics, Array.Empty<string>());
        }

        var test = context.Encoder.Extract(context.Test);
        var settings = Options.ToSettings() with { Cancellation = context.Cancellation };
        var maxShots = shots[^1];
        var accuracy = shots.ToDictionary(k => k, _ => new List<double>());
        for (var seed = 0; seed < Options.Seeds; seed++)
        {
            using var seedScope = NewDisposeScope();
            using var generator = new Generator((ulong)(Seed + (1000003L * seed)), CPU);

            // [classes, maxShots] training indices: a random order of each class, cut at the largest shot count.
            var drawn = stack(members.Select(m => m.index_select(0, randperm(m.shape[0], generator: generator).narrow(0, 0, maxShots))).ToArray());
            var features = context.Encoder.Extract(context.Train.Gather(drawn.reshape(-1))).reshape(classes, maxShots, -1);
            foreach (var k in shots)
            {
                using var shotScope = NewDisposeScope();
                var x = features.narrow(1, 0, k).reshape(classes * k, -1);
                var y = arange(classes, dtype: ScalarType.Int64).repeat_interleave(k);
                using var probe = LinearProbe.Fit(x, y, classes, settings, generator);
                var top1 = Accuracy.TopK(probe.Scores(test), testLabels, 1);
                accuracy[k].Add(top1);
                if (Options.PerSeed)
                {
                    metrics[$"shots_{k}/seed_{seed}"] = top1;
                }
            }
        }

        foreach (var (k, values) in accuracy)
        {
            var (mean, std) = MeanAndStd(values);
            metrics[$"shots_{k}/mean"] = mean;
            metrics[$"shots_{k}/std"] = std;
            Logger.LogInformation("few-shot: {Shots} shots: top-1 {Mean:F2} +- {Std:F2}%", k, mean, std);
        }

        var plot = Plot(accuracy, classes, context.Epoch);
        return new EvaluationResult(metrics, PlotFile.TrySavePng(plot, context.WorkDirectory, EvaluationInputs.PlotName("few-shot", context.Epoch), Logger));
    }

    /// <summary>The distinct shot counts, ascending, that the smallest class can fill; the others are skipped with a warning.</summary>
    private List<int> UsableShots(long smallest)
    {
        var shots = Options.Shots.Distinct().Order().ToList();
        foreach (var skipped in shots.Where(k => k > smallest))
        {
            Logger.LogWarning("few-shot: skipping {Shots} shots: the smallest class has only {Smallest} training images.", skipped, smallest);
        }

        return shots.Where(k => k <= smallest).ToList();
    }

    /// <summary>The mean and the sample standard deviation (0 for a single value).</summary>
    private static (double Mean, double Std) MeanAndStd(List<double> values)
    {
        var mean = values.Average();
        return (mean, values.Count > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)) : 0.0);
    }

    private PlotModel Plot(Dictionary<int, List<double>> accuracy, long classes, int epoch)
    {
        var model = PlotFile.NewModel("Few-shot linear probe", $"{Options.Solver.ToString().ToLowerInvariant()} probe, {Options.Seeds} seed(s), epoch {epoch}");
        model.Axes.Add(PlotFile.Log(AxisPosition.Bottom, "labelled examples per class (shots)"));
        model.Axes.Add(PlotFile.Linear(AxisPosition.Left, "test top-1 accuracy (%)", 0, 100));
        var band = new AreaSeries { Title = "mean ± std", Color = OxyColor.FromAColor(60, OxyColors.SteelBlue), StrokeThickness = 0 };
        var mean = new LineSeries { Title = "mean", Color = OxyColors.SteelBlue, MarkerType = MarkerType.Circle, MarkerSize = 4, StrokeThickness = 2 };
        var draws = new ScatterSeries { Title = "draws", MarkerType = MarkerType.Cross, MarkerSize = 4, MarkerStroke = OxyColors.DimGray, MarkerStrokeThickness = 1 };
        var chance = new LineSeries { Title = "chance", Color = OxyColors.Gray, LineStyle = LineStyle.Dash };
        foreach (var (k, values) in accuracy.OrderBy(p => p.Key))
        {
            var (average, std) = MeanAndStd(values);
            band.Points.Add(new DataPoint(k, average + std));
            band.Points2.Add(new DataPoint(k, average - std));
            mean.Points.Add(new DataPoint(k, average));
            chance.Points.Add(new DataPoint(k, 100.0 / classes));
            draws.Points.AddRange(values.Select(v => new ScatterPoint(k, v)));
        }

        model.Series.Add(band);
        model.Series.Add(chance);
        model.Series.Add(draws);
        model.Series.Add(mean);
        return model;
    }
}
