using System.Diagnostics;
using SimLap.Contracts.Components;
using SimLap.Contracts.Data;
using SimLap.Contracts.Evaluation;
using SimLap.Engine.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Bench;

/// <summary>(4) The core plugin's kNN and linear-probe evaluators on random features (F = 512, 10 classes, 10k test).</summary>
internal static class EvaluationCases
{
    private const long FeatureDim = 512;

    public static CaseResult Knn(CaseSettings settings) => Evaluate(settings, "knn", "[{ type: knn, k: 200, temperature: 0.07 }]");

    public static CaseResult Probe(CaseSettings settings)
    {
        var epochs = settings.Int("epochs", 100);
        return Evaluate(settings, "probe", $"[{{ type: linear-probe, solver: {settings.Text("solver", "adam")}, epochs: {epochs} }}]");
    }

    private static CaseResult Evaluate(CaseSettings settings, string name, string evalYaml)
    {
        var trainCount = settings.Int("train", 10_000);
        var testCount = settings.Int("test", 10_000);
        var threads = DeviceSelection.ConfigureCpuRuntime(0);
        var folder = BenchSetup.TempFolder(name);
        try
        {
            var experiment = BenchSetup.Experiment(folder, ModelSpec.For("small-cnn", 64), BenchSetup.AugmentYaml("none"), 1, 1, 10, 0, onlineProbe: false, eval: evalYaml);
            var component = experiment.Evaluators[0];
            using var generator = SeedStreams.Generator(1, component.Section);
            var info = new DatasetInfo("random-features", 1, 1, 1, Enumerable.Range(0, ModelSpec.Classes).Select(i => $"c{i}").ToArray());
            var evaluator = (IEvaluator)component.Descriptor.Create(component.Options, new ComponentContext
            {
                Device = CPU,
                Generator = generator,
                Seed = 1,
                Logger = BenchSetup.Loggers.CreateLogger(name),
                Tracker = new NullBackend().StartRun("bench", name, new Dictionary<string, string>()),
                Data = info,
                FeatureDim = FeatureDim,
                WorkDirectory = folder,
            });

            using var data = new Generator(5, CPU);
            using var train = new ImageSet(torch.zeros([trainCount, 1, 1, 1], ScalarType.Byte), torch.randint(ModelSpec.Classes, [trainCount], generator: data, dtype: ScalarType.Int64));
            using var test = new ImageSet(torch.zeros([testCount, 1, 1, 1], ScalarType.Byte), torch.randint(ModelSpec.Classes, [testCount], generator: data, dtype: ScalarType.Int64));

            // Features that carry some class signal (a class mean plus noise), so the probe has something to learn.
            using var means = torch.randn([ModelSpec.Classes, FeatureDim], generator: data);
            using var trainFeatures = means.index_select(0, train.Labels!).add_(torch.randn([trainCount, FeatureDim], generator: data).mul_(3));
            using var testFeatures = means.index_select(0, test.Labels!).add_(torch.randn([testCount, FeatureDim], generator: data).mul_(3));
            var encoder = new FixedFeatures(train.Images, trainFeatures, testFeatures);
            var context = new EvaluationContext(encoder, train, test, info, 1) { WorkDirectory = folder };

            var clock = Stopwatch.StartNew();
            EvaluationResult result;
            using (torch.NewDisposeScope())
            {
                result = evaluator.Evaluate(context);
            }

            var seconds = clock.Elapsed.TotalSeconds;
            return new CaseResult
            {
                Case = TrainingCases.Id(name, settings),
                Value = seconds * 1000,
                Unit = "ms",
                Threads = threads,
                Extra = new() { ["train"] = trainCount, ["test"] = testCount, ["top1"] = result.Metrics.GetValueOrDefault("top1", double.NaN) },
            };
        }
        finally
        {
            BenchSetup.TryDelete(folder);
        }
    }

    /// <summary>An encoder that "extracts" precomputed features: the training set's for its images, else the test set's.</summary>
    private sealed class FixedFeatures(Tensor trainImages, Tensor train, Tensor test) : IFeatureExtractor
    {
        public long FeatureDim => train.shape[1];

        public Tensor Extract(Tensor images) => (ReferenceEquals(images, trainImages) ? train : test).alias();
    }
}
