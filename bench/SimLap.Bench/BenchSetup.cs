using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SimLap.Contracts.Components;
using SimLap.Contracts.Data;
using SimLap.Engine.Experiments;
using SimLap.Engine.Plugins;
using SimLap.Engine.Training;
using static TorchSharp.torch;

namespace SimLap.Bench;

/// <summary>The model and batch of a training measurement, for both the hand-written loop and the framework.</summary>
internal sealed record ModelSpec(string Name, int ImageSize, int Batch, string BackboneYaml, long FeatureDim, long Hidden, long Out, long GateEmbed, long GateHidden, Func<nn.Module<Tensor, Tensor>> HandBackbone)
{
    public const int Channels = 3;
    public const int Classes = 10;

    public static ModelSpec For(string name, int width) => name switch
    {
        "small-cnn" => new(name, 28, 256, "{ type: small-cnn, widths: [32, 64, 128] }", 128, 512, 128, 512, 1024, () => HandModels.SmallCnn(Channels, [32, 64, 128])),
        "resnet18-cifar" => new(name, 32, 128, $"{{ type: resnet18-cifar, width: {width} }}", 8L * width, 2048, 256, 512, 1024, () => HandModels.ResNet18(Channels, width)),
        "tiny" => new(name, 16, 32, "{ type: small-cnn, widths: [8, 16, 16] }", 16, 32, 16, 16, 32, () => HandModels.SmallCnn(Channels, [8, 16, 16])),
        // Framework-only (train-fw): the ImageNet-stem ResNet-50 at 64 px and ViT-Tiny (patch 4) at 32 px, small batches.
        "resnet50" => new(name, 64, 16, "{ type: resnet50 }", 2048, 2048, 256, 512, 1024, NoHandModel(name)),
        "vit-tiny" => new(name, 32, 32, "{ type: vit-tiny }", 192, 2048, 256, 512, 1024, NoHandModel(name)),
        _ => throw new ArgumentException($"unknown model '{name}' (small-cnn, resnet18-cifar, tiny, resnet50, vit-tiny)"),
    };

    private static Func<nn.Module<Tensor, Tensor>> NoHandModel(string name) =>
        () => throw new ArgumentException($"{name} has no hand-written twin; measure it with train-fw only");
}

/// <summary>Experiment files, plugins and temp folders shared by the cases.</summary>
internal static class BenchSetup
{
    public static readonly ILoggerFactory Loggers = NullLoggerFactory.Instance;

    /// <summary>A fresh temp folder, removed by the caller (best effort).</summary>
    public static string TempFolder(string name)
    {
        var folder = Path.Combine(Path.GetTempPath(), "simlap-bench", $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return folder;
    }

    public static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// Writes an experiment for <paramref name="model"/> and resolves it exactly as the host does (YAML, then the
    /// plugins found by <see cref="PluginLoading.LoadAll"/>: plugins/SimLap.Plugins.Core/ beside this program).
    /// The data is the synthetic set with <paramref name="trainPerClass"/> images per class, unless <paramref name="data"/> gives the section.
    /// </summary>
    public static ResolvedExperiment Experiment(string folder, ModelSpec model, string augment, int stepsPerEpoch, int epochs, int trainPerClass, int? prefetch, bool onlineProbe, string eval = "[]", string? data = null, int prefetchThreads = 1)
    {
        data ??= string.Create(CultureInfo.InvariantCulture, $"{{ type: synthetic, image_size: {model.ImageSize}, shapes: 5, colours: 2, train_per_class: {trainPerClass}, test_per_class: 20 }}");
        var yaml = string.Create(CultureInfo.InvariantCulture, $$"""
            name: bench-{{model.Name}}
            seed: 1
            device: cpu
            threads: 0
            data: {{data}}
            augment: {{augment}}
            backbone: {{model.BackboneYaml}}
            projector: { type: mlp, layers: 2, hidden: {{model.Hidden}}, out: {{model.Out}}, last_norm: layer }
            pairs: { type: arbitrary }
            head: { type: simlap-gate, embed: {{model.GateEmbed}}, hidden: {{model.GateHidden}}, fuse: true, penalty: 0.0 }
            loss: { type: multi-positive, temperature: 0.1 }
            train:
              epochs: {{epochs}}
              batch_size: {{model.Batch}}
              steps_per_epoch: {{stepsPerEpoch}}
              optimizer: { type: adam, lr: 1.0e-3, weight_decay: 5.0e-4 }
              schedule: cosine
              warmup_epochs: 0
              online_probe: {{(onlineProbe ? "true" : "false")}}
              prefetch: {{(prefetch is { } depth ? depth.ToString(CultureInfo.InvariantCulture) : "~")}}
              prefetch_threads: {{prefetchThreads}}
              log_every: 10
            eval: {{eval}}
            checkpoint: { every: 0, keep_last: 1, dir: "{{Path.Combine(folder, "checkpoints")}}", artifacts: never }
            tracking: { experiment: bench }
            """);
        var path = Path.Combine(folder, "bench.yaml");
        File.WriteAllText(path, yaml);
        var experiment = ExperimentResolver.Resolve(path, [], Loggers.CreateLogger("bench"));
        if (experiment.Catalog.Plugins.Count == 0)
        {
            throw new InvalidOperationException($"no plugin was found in {PluginLoading.BundledPluginsFolder}; build the bench (dotnet build bench/SimLap.Bench -c Release), which copies plugins/SimLap.Plugins.Core there.");
        }

        return experiment;
    }

    /// <summary>
    /// Creates the experiment's <paramref name="kind"/> component through the plugin, as the engine does, with seed 1 on
    /// the CPU; the returned generator is the component's stream, to be disposed after it.
    /// </summary>
    public static (T Component, Generator Generator) Create<T>(ResolvedExperiment experiment, ComponentKind kind, DatasetInfo? data = null)
    {
        var component = experiment[kind];
        var generator = SeedStreams.Generator(1, component.Section);
        var context = new ComponentContext
        {
            Device = CPU,
            Generator = generator,
            Seed = 1,
            Logger = Loggers.CreateLogger(component.Section),
            Tracker = new NullBackend().StartRun("bench", component.Section, new Dictionary<string, string>()),
            Data = data,
        };
        return ((T)component.Descriptor.Create(component.Options, context), generator);
    }

    /// <summary>The augmentation section: none, or SimCLR's recipe.</summary>
    public static string AugmentYaml(string augment) => augment switch
    {
        "none" => "{ type: none }",
        "simclr" => "{ type: simclr, crop_scale: [0.2, 1.0], jitter: [0.4, 0.4, 0.2, 0.02], grayscale_p: 0.2 }",
        _ when augment.StartsWith('{') => augment,
        _ => throw new ArgumentException($"unknown augmentation '{augment}' (none, simclr, or a YAML flow map)"),
    };
}
