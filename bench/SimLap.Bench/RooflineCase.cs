using System.Diagnostics;
using SimLap.Contracts.Components;
using SimLap.Contracts.Data;
using SimLap.Contracts.Model;
using SimLap.Engine.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SimLap.Bench;

/// <summary>
/// The roofline case (issue #20): the machine's fp32 rate on all threads (a large convolution, forward and forward +
/// backward, and a 4096 x 4096 matrix product), the models' training FLOPs per image counted from their layer shapes
/// (<see cref="FlopCounter"/>), and the small CNN's full step split into timed phases. On the CPU every operation
/// returns when it is done, so a stopwatch around a phase times exactly that phase. The backbone runs layer by layer
/// with each layer's input detached (a leaf that requires a gradient), so each layer's forward and backward are timed
/// apart; the work is the same as one graph's.
/// </summary>
internal static class RooflineCase
{
    /// <summary>The phases of the breakdown, in the order they are reported.</summary>
    public static readonly string[] Phases = ["views", "convolutions", "norms_activations", "head_loss", "optimiser", "host"];

    public static CaseResult Run(CaseSettings settings)
    {
        var threads = DeviceSelection.ConfigureCpuRuntime(0);
        var extra = new Dictionary<string, double>
        {
            ["conv_forward_gflops"] = ConvolutionRate(backward: false),
            ["conv_training_gflops"] = ConvolutionRate(backward: true),
            ["matmul_gflops"] = MatmulRate(),
        };
        foreach (var (name, width) in new[] { ("small-cnn", 64), ("resnet18-cifar", 64), ("resnet18-cifar", 16) })
        {
            var flops = TrainingFlopsPerImage(ModelSpec.For(name, width));
            var key = name == "small-cnn" ? name : $"{name}-w{width}";
            extra[$"{key}_mflop_per_image"] = flops.Total / 1e6;
            extra[$"{key}_conv_mflop_per_image"] = flops.Convolutions / 1e6;
        }

        foreach (var (phase, ms) in Breakdown(settings.Int("warmup", 3), settings.Int("steps", 10)))
        {
            extra[$"small-cnn_{phase}_ms"] = ms;
        }

        var rate = Math.Max(extra["conv_forward_gflops"], extra["conv_training_gflops"]);
        return new CaseResult { Case = TrainingCases.Id("roofline", settings), Value = rate, Unit = "GFLOP/s", Threads = threads, Extra = extra };
    }

    /// <summary>
    /// Training FLOPs per image of a model with the bench's projector and gate: two views through backbone and projector
    /// (each <see cref="FlopCount.Training"/>), and the gate once per image (forward and backward of every layer).
    /// </summary>
    public static (double Total, double Convolutions) TrainingFlopsPerImage(ModelSpec model)
    {
        const long batch = 2;
        using var backbone = model.HandBackbone();
        using var projector = HandModels.Projector(model.FeatureDim, model.Hidden, model.Out);
        using var gate = new HandGate(ModelSpec.Classes, model.GateEmbed, model.GateHidden, model.Out);
        var features = FlopCounter.Forward(backbone, [batch, ModelSpec.Channels, model.ImageSize, model.ImageSize]);
        var projection = FlopCounter.Forward(projector, [batch, model.FeatureDim]);
        using var labels = arange(batch, dtype: ScalarType.Int64);
        var gating = FlopCounter.Count(gate, batch, () => gate.call(labels, labels).Dispose());
        var total = (2 * (features.Training + (3 * projection.Forward))) + (3 * gating.Forward);
        return (total, 2 * features.TrainingConvolution);
    }

    /// <summary>A convolution as large as ResNet-18's first stage at width 64 (batch 128, 64 -> 64 channels, 3x3, 32 px), in GFLOP/s.</summary>
    private static double ConvolutionRate(bool backward)
    {
        using var scope = NewDisposeScope();
        using var conv = nn.Conv2d(64, 64, 3, padding: 1, bias: false);
        var input = randn(128, 64, 32, 32).requires_grad_(backward);
        var forward = 2.0 * 128 * 64 * 32 * 32 * 64 * 9;
        return Rate(backward ? 3 * forward : forward, 2, 6, () =>
        {
            using var step = NewDisposeScope();
            var output = conv.call(input);
            if (backward)
            {
                output.sum().backward();
            }
        });
    }

    /// <summary>A 4096 x 4096 single-precision matrix product, in GFLOP/s.</summary>
    private static double MatmulRate()
    {
        using var a = randn(4096, 4096);
        using var b = randn(4096, 4096);
        return Rate(2.0 * 4096 * 4096 * 4096, 1, 3, () => a.matmul(b).Dispose());
    }

    /// <summary>GFLOP/s of the median of <paramref name="runs"/> timed calls after <paramref name="warmup"/>.</summary>
    private static double Rate(double flops, int warmup, int runs, Action call)
    {
        for (var i = 0; i < warmup; i++)
        {
            call();
        }

        var seconds = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            call();
            seconds.Add(clock.Elapsed.TotalSeconds);
        }

        return flops / CaseSummary.MedianOf(seconds) / 1e9;
    }

    /// <summary>The small CNN's full step (SimCLR views through the core plugin) split into phases: median ms per step of each.</summary>
    private static IEnumerable<(string Phase, double Ms)> Breakdown(int warmup, int steps)
    {
        var model = ModelSpec.For("small-cnn", 64);
        var folder = BenchSetup.TempFolder("roofline");
        try
        {
            var experiment = BenchSetup.Experiment(folder, model, BenchSetup.AugmentYaml("simclr"), 1, 1, 10, 0, onlineProbe: false);
            var info = new DatasetInfo("bench", ModelSpec.Channels, model.ImageSize, model.ImageSize, Enumerable.Range(0, ModelSpec.Classes).Select(i => $"c{i}").ToArray());
            var (augmentation, generator) = BenchSetup.Create<IAugmentation>(experiment, ComponentKind.Augmentation, info);
            using var augmentationGenerator = generator;
            using var step = new PhasedStep(model, augmentation, warmup + steps);
            var samples = Phases.ToDictionary(p => p, _ => new List<double>());
            for (var i = 0; i < warmup + steps; i++)
            {
                var times = step.Run(i);
                if (i >= warmup)
                {
                    foreach (var phase in Phases)
                    {
                        samples[phase].Add(times.GetValueOrDefault(phase));
                    }
                }
            }

            return [.. Phases.Select(p => (p, CaseSummary.MedianOf(samples[p]))), ("sum", Phases.Sum(p => CaseSummary.MedianOf(samples[p])))];
        }
        finally
        {
            BenchSetup.TryDelete(folder);
        }
    }
}

/// <summary>
/// One step of the hand-written loop (<see cref="HandLoop"/>'s networks, loss and Adam) with SimCLR views from the
/// plugin, timed phase by phase; the backbone layer by layer, each layer's input a detached leaf.
/// </summary>
internal sealed class PhasedStep : IDisposable
{
    private readonly ModelSpec model;
    private readonly IAugmentation augmentation;
    private readonly Generator generator = new(7, CPU);
    private readonly Sequential backbone;
    private readonly nn.Module<Tensor, Tensor> projector;
    private readonly HandGate gate;
    private readonly optim.Optimizer optimizer;
    private readonly Tensor images;
    private readonly Tensor labels;
    private readonly List<Tensor> pending = [];

    public PhasedStep(ModelSpec model, IAugmentation augmentation, int steps)
    {
        this.model = model;
        this.augmentation = augmentation;
        manual_seed(1);
        backbone = HandModels.SmallCnnLayers(ModelSpec.Channels, [32, 64, 128]);
        projector = HandModels.Projector(model.FeatureDim, model.Hidden, model.Out);
        gate = new HandGate(ModelSpec.Classes, model.GateEmbed, model.GateHidden, model.Out);
        HandModels.Initialize(backbone, generator);
        HandModels.Initialize(projector, generator);
        HandModels.Initialize(gate, generator);
        optimizer = optim.Adam(backbone.parameters().Concat(projector.parameters()).Concat(gate.parameters()), 1e-3, 0.9, 0.999, 1e-8, 5e-4, false, false);
        images = randint(0, 256, [steps * (long)model.Batch, ModelSpec.Channels, model.ImageSize, model.ImageSize], dtype: ScalarType.Byte, generator: generator);
        labels = randint(ModelSpec.Classes, [steps * (long)model.Batch], generator: generator, dtype: ScalarType.Int64);
    }

    /// <summary>Trains step <paramref name="i"/> and returns the milliseconds of each phase.</summary>
    public Dictionary<string, double> Run(int i)
    {
        var times = new Dictionary<string, double>();
        var clock = Stopwatch.StartNew();
        void Mark(string phase)
        {
            times[phase] = times.GetValueOrDefault(phase) + clock.Elapsed.TotalMilliseconds;
            clock.Restart();
        }

        using var scope = NewDisposeScope();
        var b = model.Batch;
        var batch = images.narrow(0, i * (long)b, b).to_type(ScalarType.Float32).div_(255);
        var y = labels.narrow(0, i * (long)b, b);
        var x = cat([augmentation.Apply(batch), augmentation.Apply(batch)], 0);
        Mark("views");

        var layers = backbone.children().Cast<nn.Module<Tensor, Tensor>>().ToList();
        var inputs = new List<Tensor>();
        var outputs = new List<Tensor>();
        var input = x;
        foreach (var layer in layers)
        {
            inputs.Add(input);
            var output = layer.call(input);
            outputs.Add(output);
            Mark(Phase(layer));
            input = output.detach().requires_grad_(true);
        }

        var features = input.mean([2, 3]);
        var embeddings = projector.call(features);
        var halves = embeddings.chunk(2, 0);
        var partners = y.index_select(0, randperm(b, generator: generator));
        var loss = HandLoss.Compute(halves[0], halves[1], gate.call(y, partners), y, partners, 0.1);
        optimizer.zero_grad();
        loss.backward();
        Mark("head_loss");

        var gradient = input.grad!;
        for (var k = layers.Count - 1; k >= 0; k--)
        {
            outputs[k].backward([gradient]);
            Mark(Phase(layers[k]));
            gradient = k > 0 ? inputs[k].grad! : gradient;
        }

        optimizer.step();
        Mark("optimiser");
        ReadLossesEveryTenSteps(loss);
        Mark("host");
        return times;
    }

    /// <summary>The host work of the framework's loop: the loss stays on the device and is read every ten steps.</summary>
    private void ReadLossesEveryTenSteps(Tensor loss)
    {
        pending.Add(loss.detach().MoveToOuterDisposeScope());
        if (pending.Count < 10)
        {
            return;
        }

        using var read = stack(pending).cpu();
        _ = read.data<float>()[0];
        pending.ForEach(t => t.Dispose());
        pending.Clear();
    }

    private static string Phase(nn.Module layer) => layer is Conv2d ? "convolutions" : "norms_activations";

    public void Dispose()
    {
        pending.ForEach(t => t.Dispose());
        images.Dispose();
        labels.Dispose();
        optimizer.Dispose();
        backbone.Dispose();
        projector.Dispose();
        gate.Dispose();
        generator.Dispose();
    }
}
