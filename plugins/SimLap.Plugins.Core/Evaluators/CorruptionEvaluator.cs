using Microsoft.Extensions.Logging;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;
using SimLap.Contracts.Components;
using SimLap.Contracts.Evaluation;
using SimLap.Plotting;
using SimLap.Plugins.Core.Evaluators.Corruptions;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Evaluators;

/// <summary>
/// Robustness under distribution shift, CIFAR-10-C style: a classifier (ridge probe or weighted kNN) fitted on clean
/// training features; the test images (up to max_samples, seeded) corrupted with each corruption at each severity
/// (<see cref="CorruptionParameters"/>), re-quantised to uint8 and encoded by the frozen backbone. Metrics, top-1 in %:
/// <c>clean_top1</c>; <c>&lt;corruption&gt;/s&lt;k&gt;</c>; <c>&lt;corruption&gt;/mean</c>; <c>mean_corruption_top1</c>
/// (over all corruptions and severities); <c>mean_corruption_error</c> = 100 - mean_corruption_top1;
/// <c>corruption_error_gap</c> = mean over c, s of (E_s,c - E_clean) (percentage points); and
/// <c>relative_corruption_error</c> = mean over c of 100 * sum_s (E_s,c - E_clean) / sum_s (E_chance - E_clean), with
/// errors E = 100 - top1 and E_chance = 100 (1 - 1/classes). This is Hendrycks &amp; Dietterich's (2019) relative CE with
/// the chance-level classifier as the reference instead of AlexNet: 0 = no degradation, 100 = corruption drives the
/// classifier to chance (NaN when the clean classifier is already at chance). Plots accuracy vs severity per corruption.
/// </summary>
[SimLapComponent("corruption", typeof(CorruptionOptions), Description = "CIFAR-10-C style robustness: 13 tensor corruptions x 5 severities, probe or kNN fitted on clean features, plot.")]
public sealed class CorruptionEvaluator : IEvaluator
{
    private readonly CorruptionOptions _options;
    private readonly ILogger _logger;
    private readonly long _seed;

    /// <summary>Creates the evaluator; subsets and corruption noise are seeded from the context's generator.</summary>
    public CorruptionEvaluator(CorruptionOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        _options = options;
        _logger = context.Logger;
        _seed = EvaluationInputs.DrawSeed(context.Generator);
    }

    /// <inheritdoc />
    public string Protocol => "corruption";

    /// <inheritdoc />
    public EvaluationResult Evaluate(EvaluationContext context)
    {
        var (trainLabels, testLabels) = EvaluationInputs.Labels(context, Protocol);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var generator = new Generator((ulong)_seed, CPU);
        var classes = EvaluationInputs.Classes(context, trainLabels, testLabels);
        var (images, labels) = EvaluationInputs.Sample(context.Test, testLabels, _options.MaxSamples, generator);
        var train = context.Encoder.Extract(context.Train.Images);
        Func<Tensor, Tensor> scores;
        LinearProbeModel? probe = null;
        KnnClassifier? knn = null;
        if (_options.Classifier == ProbeClassifier.Ridge)
        {
            var settings = LinearProbeSettings.Ridge with { RidgeLambdas = _options.RidgeLambdas };
            probe = LinearProbe.Fit(train, trainLabels, classes, settings, generator);
            scores = probe.Scores;
        }
        else
        {
            knn = new KnnClassifier(train, trainLabels, classes, _options.K, _options.Temperature);
            scores = knn.Scores;
        }

        try
        {
            var metrics = new Dictionary<string, double>
            {
                ["clean_top1"] = Accuracy.TopK(scores(context.Encoder.Extract(images)), labels, 1),
            };
            var corruptions = _options.Corruptions.Distinct().ToList();
            var severities = _options.Severities.Distinct().Order().ToList();
            var table = new Dictionary<Corruption, double[]>();
            foreach (var corruption in corruptions)
            {
                var name = CorruptionParameters.Name(corruption);
                var row = new double[severities.Count];
                for (var i = 0; i < severities.Count; i++)
                {
                    using var step = NewDisposeScope();
                    var corrupted = Corrupt(images, corruption, severities[i]);
                    row[i] = Accuracy.TopK(scores(context.Encoder.Extract(corrupted)), labels, 1);
                    metrics[$"{name}/s{severities[i]}"] = row[i];
                }

                metrics[$"{name}/mean"] = row.Average();
                table[corruption] = row;
                _logger.LogInformation("corruption: {Name}: top-1 {Accuracy}", name, string.Join(" / ", row.Select(a => a.ToString("F1", System.Globalization.CultureInfo.InvariantCulture))));
            }

            var clean = metrics["clean_top1"];
            var chanceError = 100.0 * (1 - (1.0 / classes));
            metrics["mean_corruption_top1"] = table.Values.SelectMany(r => r).Average();
            metrics["mean_corruption_error"] = 100 - metrics["mean_corruption_top1"];
            metrics["corruption_error_gap"] = table.Values.SelectMany(r => r).Average(top1 => clean - top1);
            metrics["relative_corruption_error"] = chanceError - (100 - clean) > 1e-9
                ? table.Values.Average(r => 100 * r.Sum(top1 => clean - top1) / (r.Length * (chanceError - (100 - clean))))
                : double.NaN;
            var plot = Plot(table, severities, clean, classes, context.Epoch);
            return new EvaluationResult(metrics, PlotFile.TrySavePng(plot, context.WorkDirectory, EvaluationInputs.PlotName("corruption", context.Epoch), _logger, PlotFile.Width + 200, PlotFile.Height + 60));
        }
        finally
        {
            probe?.Dispose();
            knn?.Dispose();
        }
    }

    /// <summary>Corrupted uint8 images; the noise of (corruption, severity) is seeded, so every evaluation sees the same draws.</summary>
    private Tensor Corrupt(Tensor images, Corruption corruption, int severity)
    {
        using var generator = new Generator((ulong)(_seed + (7919L * ((int)corruption + 1)) + severity), CPU);
        var chunks = new List<Tensor>();
        for (long start = 0; start < images.shape[0]; start += _options.BatchSize)
        {
            using var chunk = NewDisposeScope();
            var length = Math.Min(_options.BatchSize, images.shape[0] - start);
            var batch = images.narrow(0, start, length).to(ScalarType.Float32).div(255);
            var corrupted = ImageCorruptions.Apply(batch, corruption, severity, generator);
            chunks.Add(corrupted.mul(255).round().clamp(0, 255).to(ScalarType.Byte).MoveToOuterDisposeScope());
        }

        return cat(chunks);
    }

    private static PlotModel Plot(Dictionary<Corruption, double[]> table, List<int> severities, double clean, long classes, int epoch)
    {
        var model = PlotFile.NewModel("Accuracy under corruption", $"severity 0 = clean ({clean:F1}%), chance {100.0 / classes:F1}%, epoch {epoch}");
        model.Legends[0].LegendPlacement = OxyPlot.Legends.LegendPlacement.Outside;
        var severityAxis = PlotFile.Linear(AxisPosition.Bottom, "severity (0 = clean)", -0.2, 5.2);
        severityAxis.MajorStep = 1;
        severityAxis.MinorStep = 1;
        model.Axes.Add(severityAxis);
        model.Axes.Add(PlotFile.Linear(AxisPosition.Left, "test top-1 accuracy (%)", 0, 100));
        var markers = new[] { MarkerType.Circle, MarkerType.Square, MarkerType.Diamond, MarkerType.Triangle, MarkerType.Cross };
        var index = 0;
        foreach (var (corruption, row) in table)
        {
            var series = new LineSeries
            {
                Title = CorruptionParameters.Name(corruption),
                MarkerType = markers[index % markers.Length],
                MarkerSize = 3,
                StrokeThickness = 1.5,
            };
            series.Points.Add(new DataPoint(0, clean));
            series.Points.AddRange(severities.Select((s, i) => new DataPoint(s, row[i])));
            model.Series.Add(series);
            index++;
        }

        var mean = new LineSeries { Title = "mean", Color = OxyColors.Black, StrokeThickness = 3, LineStyle = LineStyle.Dash };
        mean.Points.Add(new DataPoint(0, clean));
        mean.Points.AddRange(severities.Select((s, i) => new DataPoint(s, table.Values.Average(r => r[i]))));
        model.Series.Add(mean);
        return model;
    }
}
