using Microsoft.Extensions.Logging.Abstractions;
using SimLap.Contracts.Testing;
using SimLap.Engine.Configuration;
using SimLap.Engine.Experiments;
using SimLap.Engine.Training;
using TorchSharp;

namespace SimLap.Engine.Tests.TestSupport;

/// <summary>
/// A complete experiment small enough to train in about a second on a CPU: 2 shapes x 2 colours = 4 classes of 16 px
/// images, 16 training images per class (64 images = 4 batches of 16), a two-stage small CNN, SimLAP pairs, gate and loss.
/// </summary>
internal static class TinyExperiment
{
    /// <summary>The file name the in-memory YAML is parsed as (it appears in every error location).</summary>
    public const string FileName = "tiny.yaml";

    /// <summary>Images in the training split: 4 classes x 16.</summary>
    public const int TrainImages = 64;

    /// <summary>The experiment's sections, one flow-style line each, in the order written.</summary>
    public static IReadOnlyList<string> Lines { get; } =
    [
        "name: tiny",
        "seed: 7",
        "device: cpu",
        "data: {type: synthetic, image_size: 16, shapes: 2, colours: 2, train_per_class: 16, test_per_class: 8}",
        "augment: {type: simclr}",
        "backbone: {type: small-cnn, widths: [8, 16]}",
        "projector: {type: mlp, layers: 2, hidden: 32, out: 16}",
        "pairs: {type: arbitrary}",
        "head: {type: simlap-gate, embed: 16, hidden: 32}",
        "loss: {type: multi-positive}",
        "train: {epochs: 2, batch_size: 16}",
        "eval: [{type: knn, k: 5}]",
        "tracking: {experiment: engine-tests}",
    ];

    /// <summary>The experiment as YAML.</summary>
    public static string Yaml() => string.Join("\n", Lines) + "\n";

    /// <summary>
    /// The experiment with <paramref name="firstLines"/> written first (from line 1, so tests know their line numbers),
    /// replacing the standard lines of the same top-level keys.
    /// </summary>
    public static string YamlStartingWith(params string[] firstLines)
    {
        var replaced = firstLines.Select(TopLevelKey).ToHashSet();
        return string.Join("\n", firstLines.Concat(Lines.Where(l => !replaced.Contains(TopLevelKey(l))))) + "\n";
    }

    /// <summary>The experiment without the top-level keys <paramref name="keys"/>.</summary>
    public static string YamlWithout(params string[] keys) =>
        string.Join("\n", Lines.Where(l => !keys.Contains(TopLevelKey(l)))) + "\n";

    /// <summary>Parses <paramref name="yaml"/>, applies <paramref name="overrides"/> and binds it against the real plugin.</summary>
    public static ResolvedExperiment Bind(string yaml, params string[] overrides)
    {
        var root = (ConfigMap)YamlConfigReader.Parse(yaml, FileName);
        return ExperimentResolver.Bind(ConfigOverrides.Apply(root, overrides), FileName, RealPlugins.Catalog);
    }

    /// <summary>The standard tiny experiment with <paramref name="overrides"/>, bound against the real plugin.</summary>
    public static ResolvedExperiment Resolve(params string[] overrides) => Bind(Yaml(), overrides);

    /// <summary>Builds the pipeline of <paramref name="experiment"/> on the CPU, as the runner does.</summary>
    public static Pipeline BuildPipeline(ResolvedExperiment experiment, string workDirectory) =>
        new PipelineBuilder(experiment, torch.CPU, NullTracker.Instance, NullLoggerFactory.Instance, workDirectory).Build();

    /// <summary>A trainer over <paramref name="pipeline"/> that logs nothing.</summary>
    public static Trainer Trainer(Pipeline pipeline, ResolvedExperiment experiment, IProgressReporter? progress = null) =>
        new(pipeline, experiment.Options, NullTracker.Instance, progress ?? new SilentProgress(), NullLogger.Instance);

    private static string TopLevelKey(string line) => line[..line.IndexOf(':')];
}
