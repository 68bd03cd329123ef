using System.Diagnostics;
using System.Globalization;
using SimLap.Contracts.Components;
using SimLap.Contracts.Data;
using SimLap.Contracts.Evaluation;
using SimLap.Contracts.Model;
using SimLap.Engine.Experiments;
using SimLap.Engine.Running;
using SimLap.Engine.Training;
using static TorchSharp.torch;

namespace SimLap.Bench;

/// <summary>
/// (issue 20, item 4) The few-shot or the corruption evaluator, configured as the claims sweep does
/// (experiments/claims/fashion-mnist.yaml), on the small CNN's encoder and a 10,000-image test set, timed against one
/// training epoch of the same encoder on the training split. The epoch is the framework's full loop (SimCLR views, the
/// fused gate) timed over a few steps and scaled to the whole split (training images / batch x mean step time). Data:
/// Fashion-MNIST's official files when installed (/usr/share/datasets/fashion-mnist, 60,000 + 10,000 grey 28 px
/// images), else the synthetic set at 28 px (3 channels). The encoder's weights are its initialisation: evaluation
/// time does not depend on what the weights are. The headline is evaluator seconds / epoch seconds (target: below 1).
/// </summary>
internal static class EvaluatorTimingCase
{
    private const string FashionMnistFolder = "/usr/share/datasets/fashion-mnist";

    private const string Augment = "{ type: simclr, crop_scale: [0.3, 1.0], flip_p: 0.5, jitter_p: 0.8, jitter: [0.4, 0.4, 0.0, 0.0], grayscale_p: 0.0 }";

    public static CaseResult Run(CaseSettings settings)
    {
        var evaluator = settings.Text("evaluator", "corruption");
        var warmup = settings.Int("warmup", 3);
        var steps = settings.Int("steps", 20);
        var threads = DeviceSelection.ConfigureCpuRuntime(0);
        var model = ModelSpec.For("small-cnn", 0);
        var folder = BenchSetup.TempFolder("evaluator-timing");
        try
        {
            var data = DataYaml(settings);
            var (epochSeconds, trainImages) = EpochSeconds(Path.Combine(folder, "train"), model, data, warmup, steps);
            var (seconds, metrics) = TimeEvaluator(Path.Combine(folder, "eval"), model, data, EvaluatorYaml(evaluator, settings));
            var extra = new Dictionary<string, double>
            {
                ["evaluator_seconds"] = seconds,
                ["epoch_seconds"] = epochSeconds,
                ["train_images"] = trainImages,
                ["fashion_mnist"] = Directory.Exists(FashionMnistFolder) ? 1 : 0,
            };
            foreach (var key in new[] { "clean_top1", "mean_corruption_top1", "shots_1/mean", "shots_25/mean" })
            {
                if (metrics.TryGetValue(key, out var value))
                {
                    extra[key] = value;
                }
            }

            return new CaseResult { Case = TrainingCases.Id("evaluator-timing", settings), Value = seconds / epochSeconds, Unit = "x one epoch", Threads = threads, Extra = extra };
        }
        finally
        {
            BenchSetup.TryDelete(folder);
        }
    }

    /// <summary>The data section: Fashion-MNIST when its files are installed, else the synthetic set at 28 px.</summary>
    private static string DataYaml(CaseSettings settings) =>
        settings.Text("data", Directory.Exists(FashionMnistFolder) ? "fashion-mnist" : "synthetic") == "fashion-mnist"
            ? $"{{ type: fashion-mnist, root: {FashionMnistFolder}, download: false }}"
            : "{ type: synthetic, image_size: 28, shapes: 5, colours: 2, train_per_class: 6000, test_per_class: 1000 }";

    /// <summary>The evaluator as the claims sweep configures it; max_samples and corruptions can be narrowed for a quick run.</summary>
    private static string EvaluatorYaml(string evaluator, CaseSettings settings) => evaluator switch
    {
        "few-shot" => "[{ type: few-shot, shots: [1, 5, 10, 25], seeds: 5, solver: ridge }]",
        "corruption" => string.Create(CultureInfo.InvariantCulture, $"[{{ type: corruption, classifier: ridge, severities: [1, 2, 3, 4, 5], max_samples: {settings.Int("max_samples", 10_000)}{(settings.Text("corruptions", "") is { Length: > 0 } names ? $", corruptions: [{names.Replace(';', ',')}]" : "")} }}]"),
        _ => throw new ArgumentException($"unknown evaluator '{evaluator}' (few-shot, corruption)"),
    };

    /// <summary>One training epoch of the framework's full loop, from the mean of <paramref name="steps"/> steps after a warm-up.</summary>
    private static (double Seconds, long TrainImages) EpochSeconds(string folder, ModelSpec model, string data, int warmup, int steps)
    {
        Directory.CreateDirectory(folder);
        var total = warmup + steps;
        var experiment = BenchSetup.Experiment(folder, model, Augment, total, 1, 0, null, onlineProbe: false, data: data);
        var reporter = new TimingReporter(total);
        new ExperimentRunner(new NullBackend(), BenchSetup.Loggers, reporter).Run(experiment, CancellationToken.None);
        var (dataset, generator) = BenchSetup.Create<IDataset>(experiment, ComponentKind.Dataset);
        using (generator)
        using (var train = dataset.Load(DatasetSplit.Train))
        {
            var perStep = reporter.Seconds(warmup, total) / steps;
            return (perStep * train.Count / model.Batch, train.Count);
        }
    }

    /// <summary>Creates the evaluator through the plugin and times one evaluation on the data's train and test splits.</summary>
    private static (double Seconds, IReadOnlyDictionary<string, double> Metrics) TimeEvaluator(string folder, ModelSpec model, string data, string evalYaml)
    {
        Directory.CreateDirectory(folder);
        var experiment = BenchSetup.Experiment(folder, model, Augment, 1, 1, 0, null, onlineProbe: false, eval: evalYaml, data: data);
        var (dataset, dataGenerator) = BenchSetup.Create<IDataset>(experiment, ComponentKind.Dataset);
        var (backbone, backboneGenerator) = BenchSetup.Create<IBackbone>(experiment, ComponentKind.Backbone, dataset.Info);
        var component = experiment.Evaluators[0];
        using var generator = SeedStreams.Generator(1, component.Section);
        using (dataGenerator)
        using (backboneGenerator)
        using (var train = dataset.Load(DatasetSplit.Train))
        using (var test = dataset.Load(DatasetSplit.Test))
        {
            var evaluator = (IEvaluator)component.Descriptor.Create(component.Options, new ComponentContext
            {
                Device = CPU,
                Generator = generator,
                Seed = 1,
                Logger = BenchSetup.Loggers.CreateLogger(component.Section),
                Tracker = new NullBackend().StartRun("bench", component.Section, new Dictionary<string, string>()),
                Data = dataset.Info,
                FeatureDim = backbone.FeatureDim,
                WorkDirectory = folder,
            });

            // As the engine's EvaluationRunner encodes: batches of max(training batch, 256).
            var encoder = new FeatureExtractor(backbone, CPU, Math.Max(model.Batch, 256), trainedOn: dataset.Info);
            var context = new EvaluationContext(encoder, train, test, dataset.Info, 1) { WorkDirectory = folder };
            var clock = Stopwatch.StartNew();
            using (NewDisposeScope())
            {
                var result = evaluator.Evaluate(context);
                return (clock.Elapsed.TotalSeconds, result.Metrics);
            }
        }
    }
}
