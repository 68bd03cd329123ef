using SimLap.Engine.Tests.TestSupport;
using SimLap.Engine.Training;
using TorchSharp;
using Xunit.Abstractions;

namespace SimLap.Engine.Tests.Training;

public sealed class ZzMemoryProbe(ITestOutputHelper output)
{
    [Fact]
    public void Prefetch() => Run("prefetch", (p, gen, perm, i) =>
    {
        using var prefetcher = new BatchPrefetcher(p.Train.Images, p.Train.Labels!, perm, 16, 0, 76, p.Augmentation, gen, torch.CPU);
        for (var k = 0; k < 76; k++)
        {
            using var batch = prefetcher.Next();
        }
    });

    [Fact]
    public void Inline() => Run("inline", (p, gen, perm, i) =>
    {
        for (var k = 0; k < 76; k++)
        {
            using var state = gen.get_state();
            using var scope = torch.NewDisposeScope();
            var indices = perm.narrow(0, (long)k * 16, 16);
            var batch = p.Train.Images.index_select(0, indices).to(torch.CPU).to_type(torch.ScalarType.Float32).div_(255);
            var views = torch.cat([p.Augmentation.Apply(batch), p.Augmentation.Apply(batch)], 0);
        }
    });

    [Fact]
    public void StateOnly() => Run("state", (p, gen, perm, i) =>
    {
        for (var k = 0; k < 76; k++)
        {
            using var state = gen.get_state();
        }
    });

    [Fact]
    public void ThreadOnly() => Run("thread", (p, gen, perm, i) =>
    {
        var t = new Thread(() =>
        {
            for (var k = 0; k < 76; k++)
            {
                using var scope = torch.NewDisposeScope();
                var indices = perm.narrow(0, (long)k * 16, 16);
                var batch = p.Train.Images.index_select(0, indices).to_type(torch.ScalarType.Float32).div_(255);
                var views = torch.cat([p.Augmentation.Apply(batch), p.Augmentation.Apply(batch)], 0);
            }
        });
        t.Start();
        t.Join();
    });

    [Fact]
    public void OneThread()
    {
        using var work = new TempFolder();
        var experiment = TinyExperiment.Resolve("data.train_per_class=304", "eval=[]");
        using var pipeline = TinyExperiment.BuildPipeline(experiment, work.Path);
        using var gen = new torch.Generator(5, torch.CPU);
        using var perm = torch.randperm(pipeline.Train.Count, generator: gen);
        var line = "onethread";
        var t = new Thread(() =>
        {
            for (var i = 0; i < 13; i++)
            {
                for (var k = 0; k < 76; k++)
                {
                    using var scope = torch.NewDisposeScope();
                    var indices = perm.narrow(0, (long)k * 16, 16);
                    var batch = pipeline.Train.Images.index_select(0, indices).to_type(torch.ScalarType.Float32).div_(255);
                    var views = torch.cat([pipeline.Augmentation.Apply(batch), pipeline.Augmentation.Apply(batch)], 0);
                }

                if (i % 2 == 0)
                {
                    line += $" {i}:{Rss() / 1048576.0:F0}";
                }
            }
        });
        t.Start();
        t.Join();
        output.WriteLine(line);
    }

    private void Run(string label, Action<Pipeline, torch.Generator, torch.Tensor, int> epoch)
    {
        using var work = new TempFolder();
        var experiment = TinyExperiment.Resolve("data.train_per_class=304", "eval=[]");
        using var pipeline = TinyExperiment.BuildPipeline(experiment, work.Path);
        using var gen = new torch.Generator(5, torch.CPU);
        using var perm = torch.randperm(pipeline.Train.Count, generator: gen);
        var line = label;
        for (var i = 0; i < 13; i++)
        {
            epoch(pipeline, gen, perm, i);
            if (i % 2 == 0)
            {
                line += $" {i}:{Rss() / 1048576.0:F0}";
            }
        }

        output.WriteLine(line);
    }

    private static long Rss() => long.Parse(File.ReadAllText("/proc/self/statm").Split(' ')[1]) * Environment.SystemPageSize;
}
