using System.Diagnostics;
using SimLap.Contracts.Components;
using SimLap.Contracts.Data;
using SimLap.Engine.Plugins;
using SimLap.Engine.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Bench;

/// <summary>(3) The augmentation pipeline alone: what the prefetcher does per batch (gather, to float, two SimCLR views).</summary>
internal static class AugmentationCase
{
    public static CaseResult Run(CaseSettings settings)
    {
        var model = ModelSpec.For(settings.Text("model", "small-cnn"), 64);
        var warmup = settings.Int("warmup", 3);
        var batches = settings.Int("steps", 20);
        var threads = DeviceSelection.ConfigureCpuRuntime(settings.Int("threads", 0));
        var folder = BenchSetup.TempFolder("augment");
        try
        {
            var experiment = BenchSetup.Experiment(folder, model, BenchSetup.AugmentYaml(settings.Text("augment", "simclr")), 1, 1, 10, 0, onlineProbe: false);
            var info = new DatasetInfo("bench", ModelSpec.Channels, model.ImageSize, model.ImageSize, Enumerable.Range(0, ModelSpec.Classes).Select(i => $"c{i}").ToArray());
            var (augmentation, generator) = BenchSetup.Create<IAugmentation>(experiment, ComponentKind.Augmentation, info);
            using var augmentationGenerator = generator;

            var total = warmup + batches;
            var b = model.Batch;
            using var data = new Generator(3, CPU);
            using var images = torch.randint(0, 256, [total * (long)b, ModelSpec.Channels, model.ImageSize, model.ImageSize], dtype: ScalarType.Byte, generator: data);
            using var order = torch.randperm(images.shape[0], generator: data);
            var clock = new Stopwatch();
            for (var i = 0; i < total; i++)
            {
                if (i == warmup)
                {
                    clock.Start();
                }

                using var scope = torch.NewDisposeScope();
                var batch = images.index_select(0, order.narrow(0, i * (long)b, b)).to_type(ScalarType.Float32).div_(255);
                var views = torch.cat([augmentation.Apply(batch), augmentation.Apply(batch)], 0);
                _ = views.shape;
            }

            var seconds = clock.Elapsed.TotalSeconds;
            return new CaseResult
            {
                Case = TrainingCases.Id("augment", settings),
                Value = batches * (double)b / seconds,
                Unit = "images/s",
                Threads = threads,
                Extra = new() { ["ms_per_batch"] = 1000 * seconds / batches, ["batch"] = b },
            };
        }
        finally
        {
            BenchSetup.TryDelete(folder);
        }
    }
}
