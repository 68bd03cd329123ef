using System.Globalization;
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
/// With <c>npy_dir</c>, the corrupted images are read from a precomputed <c>-C</c> data set instead (CIFAR-10-C
/// layout, see <see cref="CorruptionOptions.NpyDir"/>; files read with <see cref="NpyReader"/>), one corruption per
/// <c>&lt;name&gt;.npy</c> file, with the same metric keys.
/// </summary>
[SimLapComponent("corruption", Description = "CIFAR-10-C style robustness: 16 tensor corruptions x 5 severities, probe or kNN fitted on clean features, plot.")]
public sealed class CorruptionEvaluator : SeededEvaluator<CorruptionOptions>, IEvaluator
{
    /// <summary>Creates the evaluator; subsets and corruption noise are seeded from the context's generator.</summary>
    public CorruptionEvaluator(CorruptionOptions options, ComponentContext context)
        : base(options, context)
    {
        if (!string.IsNullOrWhiteSpace(options.NpyDir))
        {
            // Fail before training, not after it: the folder, its labels and the corruption files must be there.
            _ = NpyFiles();
        }
    }

    /// <inheritdoc />
    public string Protocol => "corruption";

    /// <inheritdoc />
    public EvaluationResult Evaluate(EvaluationContext context)
    {
        var (trainLabels, testLabels) = EvaluationInputs.Labels(context, Protocol);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var generator = new Generator((ulong)Seed, CPU);
        var classes = EvaluationInputs.Classes(context, trainLabels, testLabels);
        var subset = EvaluationInputs.Subset(context.Test.Count, Options.MaxSamples, generator);
        var images = EvaluationInputs.Images(context.Test, subset);
        var labels = subset is null ? testLabels : testLabels.index_select(0, subset);
        var train = context.Encoder.Extract(context.Train);
        var (scores, model) = Fit(train, trainLabels, classes, generator);
        using (model)
        {
            var metrics = new Dictionary<string, double>
            {
                ["clean_top1"] = Accuracy.TopK(scores(context.Encoder.Extract(images)), labels, 1),
            };
            var severities = Options.Severities.Distinct().Order().ToList();
            var table = string.IsNullOrWhiteSpace(Options.NpyDir)
                ? TensorCorruptionRows(context, scores, images, labels, severities, metrics["clean_top1"])
                : NpyCorruptionRows(context, scores, subset, classes, severities, generator);
            Summarise(metrics, table, severities, classes);
            var source = string.IsNullOrWhiteSpace(Options.NpyDir) ? null : Path.GetFileName(Path.TrimEndingDirectorySeparator(NpyFolder(Options.NpyDir)));
            var plot = Plot(table, severities, metrics["clean_top1"], classes, context.Epoch, source);
            return new EvaluationResult(metrics, PlotFile.TrySavePng(plot, context.WorkDirectory, EvaluationInputs.PlotName("corruption", context.Epoch), Logger, PlotFile.Width + 200, PlotFile.Height + 60));
        }
    }

    /// <summary>The classifier fitted on the clean training features: its scores, and the model to dispose.</summary>
    private (Func<Tensor, Tensor> Scores, IDisposable Model) Fit(Tensor train, Tensor trainLabels, long classes, Generator generator)
    {
        if (Options.Classifier == ProbeClassifier.Ridge)
        {
            var settings = LinearProbeSettings.Ridge with { RidgeLambdas = Options.RidgeLambdas };
            var probe = LinearProbe.Fit(train, trainLabels, classes, settings, generator);
            return (probe.Scores, probe);
        }

        var knn = new KnnClassifier(train, trainLabels, classes, Options.K, Options.Temperature);
        return (knn.Scores, knn);
    }

    /// <summary>
    /// Top-1 per severity of each corruption applied to the test images here. A corrupted set equal to the clean one
    /// (saturate on one-channel images) scores <paramref name="clean"/> without being encoded again: the encoder is
    /// deterministic, so its features would be the clean ones.
    /// </summary>
    private List<(string Name, double[] Row)> TensorCorruptionRows(EvaluationContext context, Func<Tensor, Tensor> scores, Tensor images, Tensor labels, List<int> severities, double clean)
    {
        var table = new List<(string Name, double[] Row)>();
        foreach (var corruption in Options.Corruptions.Distinct())
        {
            var row = new double[severities.Count];
            for (var i = 0; i < severities.Count; i++)
            {
                using var step = NewDisposeScope();
                var corrupted = Corrupt(images, corruption, severities[i]);
                row[i] = corrupted.eq(images).all().item<bool>() ? clean : Accuracy.TopK(scores(context.Encoder.Extract(corrupted)), labels, 1);
            }

            table.Add((CorruptionParameters.Name(corruption), row));
        }

        return table;
    }

    /// <summary>Top-1 per severity of each corruption file of npy_dir.</summary>
    private List<(string Name, double[] Row)> NpyCorruptionRows(EvaluationContext context, Func<Tensor, Tensor> scores, Tensor? subset, long classes, List<int> severities, Generator generator)
    {
        var (labelsPath, files) = NpyFiles();
        var allLabels = ReadNpyLabels(labelsPath, classes);
        var perSeverity = allLabels.shape[0] / CorruptionParameters.Severities;

        // The clean subset's own indices when the -C set holds the test split (as CIFAR-10-C does), else a new draw.
        var rows = perSeverity == context.Test.Count ? subset : EvaluationInputs.Subset(perSeverity, Options.MaxSamples, generator);
        var table = new List<(string Name, double[] Row)>();
        foreach (var (name, path) in files)
        {
            using var file = NewDisposeScope();
            var data = ReadNpyImages(path, allLabels.shape[0], context.Test.Shape);
            var row = new double[severities.Count];
            for (var i = 0; i < severities.Count; i++)
            {
                using var step = NewDisposeScope();
                var offset = (severities[i] - 1) * perSeverity;
                var index = rows is null ? arange(offset, offset + perSeverity, dtype: ScalarType.Int64) : rows.add(offset);
                var corrupted = data.index_select(0, index).permute(0, 3, 1, 2).contiguous();
                row[i] = Accuracy.TopK(scores(context.Encoder.Extract(corrupted)), allLabels.index_select(0, index), 1);
            }

            table.Add((name, row));
        }

        return table;
    }

    /// <summary>Adds each row's per-severity and mean top-1 (logging each row), then the summary metrics of the table.</summary>
    private void Summarise(Dictionary<string, double> metrics, List<(string Name, double[] Row)> table, List<int> severities, long classes)
    {
        foreach (var (name, row) in table)
        {
            for (var i = 0; i < severities.Count; i++)
            {
                metrics[$"{name}/s{severities[i]}"] = row[i];
            }

            metrics[$"{name}/mean"] = row.Average();
            Logger.LogInformation("corruption: {Name}: top-1 {Accuracy}", name, string.Join(" / ", row.Select(a => a.ToString("F1", CultureInfo.InvariantCulture))));
        }

        var clean = metrics["clean_top1"];
        var chanceError = 100.0 * (1 - (1.0 / classes));
        metrics["mean_corruption_top1"] = table.SelectMany(r => r.Row).Average();
        metrics["mean_corruption_error"] = 100 - metrics["mean_corruption_top1"];
        metrics["corruption_error_gap"] = table.SelectMany(r => r.Row).Average(top1 => clean - top1);
        metrics["relative_corruption_error"] = chanceError - (100 - clean) > 1e-9
            ? table.Average(r => 100 * r.Row.Sum(top1 => clean - top1) / (r.Row.Length * (chanceError - (100 - clean))))
            : double.NaN;
    }

    /// <summary>
    /// The <c>-C</c> data set's labels file and its corruption files (name, path): those named by npy_corruptions, else
    /// every <c>.npy</c> file but labels.npy, by name. Errors name what is missing.
    /// </summary>
    private (string Labels, List<(string Name, string Path)> Files) NpyFiles()
    {
        var folder = NpyFolder(Options.NpyDir);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"corruption: npy_dir '{folder}' does not exist.");
        }

        var labels = Path.Combine(folder, "labels.npy");
        if (!File.Exists(labels))
        {
            throw new FileNotFoundException($"corruption: npy_dir '{folder}' has no labels.npy (the labels of every image, [5*N] integers).", labels);
        }

        var names = Options.NpyCorruptions is { Length: > 0 } chosen
            ? chosen.Distinct().ToList()
            : Directory.EnumerateFiles(folder, "*.npy").Select(Path.GetFileNameWithoutExtension).OfType<string>().Where(n => n != "labels").Order(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
        {
            throw new FileNotFoundException($"corruption: npy_dir '{folder}' holds no <corruption>.npy file besides labels.npy.");
        }

        var files = new List<(string Name, string Path)>();
        foreach (var name in names)
        {
            if (!CorruptionOptions.IsCorruptionName(name))
            {
                throw new InvalidDataException($"corruption: '{name}.npy' in '{folder}' cannot name a metric (letters, digits, '_', '-' only); rename it or list the files to read in npy_corruptions.");
            }

            var path = Path.Combine(folder, name + ".npy");
            files.Add(File.Exists(path) ? (name, path) : throw new FileNotFoundException($"corruption: npy_corruptions names '{name}', but '{path}' does not exist.", path));
        }

        return (labels, files);
    }

    /// <summary>The full path of npy_dir, with a leading <c>~</c> standing for the home folder.</summary>
    private static string NpyFolder(string folder) =>
        Path.GetFullPath(folder == "~" || folder.StartsWith("~/", StringComparison.Ordinal) || folder.StartsWith("~\\", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), folder[1..].TrimStart('/', '\\'))
            : folder);

    /// <summary>labels.npy: integers [5*N] in 0..classes-1, as int64.</summary>
    private static Tensor ReadNpyLabels(string path, long classes)
    {
        using var scope = NewDisposeScope();
        var labels = NpyReader.Read(path);
        if (labels.dtype is not (ScalarType.Byte or ScalarType.Int8 or ScalarType.Int16 or ScalarType.Int32 or ScalarType.Int64))
        {
            throw new InvalidDataException($"'{path}': labels must be integers; found {labels.dtype}.");
        }

        var count = labels.dim() == 1 ? labels.shape[0] : 0;
        if (count == 0 || count % CorruptionParameters.Severities != 0)
        {
            throw new InvalidDataException($"'{path}': labels must be [5*N] (severities 1..5 stacked), N > 0; found shape [{string.Join(", ", labels.shape)}].");
        }

        var result = labels.to(ScalarType.Int64);
        var (lowest, highest) = (result.min().item<long>(), result.max().item<long>());
        if (lowest < 0 || highest >= classes)
        {
            throw new InvalidDataException($"'{path}': labels must lie in 0..{classes - 1} (the classifier's classes); found {lowest}..{highest}.");
        }

        return result.MoveToOuterDisposeScope();
    }

    /// <summary>A corruption file: uint8 [count, H, W, C] (or [count, H, W] for one channel) matching the test images [N, C, H, W].</summary>
    private static Tensor ReadNpyImages(string path, long count, (long Channels, long Height, long Width) testShape)
    {
        var data = NpyReader.Read(path);
        if (data.dim() == 3)
        {
            data = data.unsqueeze(3);
        }

        var (channels, height, width) = testShape;
        if (data.dtype != ScalarType.Byte || data.dim() != 4 || data.shape[0] != count || data.shape[1] != height || data.shape[2] != width || data.shape[3] != channels)
        {
            throw new InvalidDataException($"'{path}': corrupted images must be uint8 [{count}, {height}, {width}, {channels}] (5 severities x N images, H, W, C like the test images and labels.npy); found {data.dtype} [{string.Join(", ", data.shape)}].");
        }

        return data;
    }

    /// <summary>Corrupted uint8 images; the noise of (corruption, severity) is seeded, so every evaluation sees the same draws.</summary>
    private Tensor Corrupt(Tensor images, Corruption corruption, int severity)
    {
        using var generator = new Generator((ulong)(Seed + (7919L * ((int)corruption + 1)) + severity), CPU);
        var chunks = new List<Tensor>();
        for (long start = 0; start < images.shape[0]; start += Options.BatchSize)
        {
            using var chunk = NewDisposeScope();
            var length = Math.Min(Options.BatchSize, images.shape[0] - start);
            var batch = images.narrow(0, start, length).to(ScalarType.Float32).div(255);
            var corrupted = ImageCorruptions.Apply(batch, corruption, severity, generator);
            chunks.Add(corrupted.mul(255).round().clamp(0, 255).to(ScalarType.Byte).MoveToOuterDisposeScope());
        }

        return cat(chunks);
    }

    private static PlotModel Plot(List<(string Name, double[] Row)> table, List<int> severities, double clean, long classes, int epoch, string? source)
    {
        var from = source is null ? "" : $", corrupted images from {source}";
        var model = PlotFile.NewModel("Accuracy under corruption", string.Create(CultureInfo.InvariantCulture, $"severity 0 = clean ({clean:F1}%), chance {100.0 / classes:F1}%{from}, epoch {epoch}"));
        model.Legends[0].LegendPlacement = OxyPlot.Legends.LegendPlacement.Outside;
        var severityAxis = PlotFile.Linear(AxisPosition.Bottom, "severity (0 = clean)", -0.2, 5.2);
        severityAxis.MajorStep = 1;
        severityAxis.MinorStep = 1;
        model.Axes.Add(severityAxis);
        model.Axes.Add(PlotFile.Linear(AxisPosition.Left, "test top-1 accuracy (%)", 0, 100));
        var markers = new[] { MarkerType.Circle, MarkerType.Square, MarkerType.Diamond, MarkerType.Triangle, MarkerType.Cross };
        var index = 0;
        foreach (var (name, row) in table)
        {
            var series = new LineSeries
            {
                Title = name,
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
        mean.Points.AddRange(severities.Select((s, i) => new DataPoint(s, table.Average(r => r.Row[i]))));
        model.Series.Add(mean);
        return model;
    }
}
