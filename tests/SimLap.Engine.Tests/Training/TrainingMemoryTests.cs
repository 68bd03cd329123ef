using SimLap.Engine.Tests.TestSupport;
using Xunit.Abstractions;

namespace SimLap.Engine.Tests.Training;

public sealed class TrainingMemoryTests(ITestOutputHelper output) : IDisposable
{
    private const long MiB = 1024 * 1024;
    private readonly TempFolder work = new();

    public void Dispose() => work.Dispose();

    [Fact]
    public void Resident_memory_stays_flat_over_hundreds_of_training_steps()
    {
        // 4 classes x 64 images = 256 training images: 16 steps of 16 per epoch, 19 epochs = 304 steps.
        var experiment = TinyExperiment.Resolve("data.train_per_class=64", "train.epochs=19", "eval=[]");
        using var pipeline = TinyExperiment.BuildPipeline(experiment, work.Path);
        long atStep50 = 0, atStep300 = 0;
        var probe = new StepProbe(new Dictionary<long, Action>
        {
            [50] = () => atStep50 = ResidentBytes(),
            [300] = () => atStep300 = ResidentBytes(),
        });

        var result = TinyExperiment.Trainer(pipeline, experiment, probe).Run(CancellationToken.None);

        // What a leak would cost: one step holds the batch (16 x 3 x 16 x 16 floats = 48 KiB), its two views
        // (96 KiB), and the activations of both views through the CNN (32 images x 8 channels x 16 x 16 x 4 bytes
        // = 256 KiB per tensor at stage 1, with conv, batch-norm and ReLU outputs kept for backward, plus half that at
        // stage 2) and their gradients: well over 1 MiB per step. Keeping one step's tensors alive would grow the process
        // by more than 250 MiB between step 50 and step 300; keeping only the batch and its views, by over 35 MiB.
        // Steady state (allocator reuse, the metrics of a few steps) stays within a few MiB.
        var growth = atStep300 - atStep50;
        output.WriteLine($"resident at step 50: {atStep50 / MiB} MiB, at step 300: {atStep300 / MiB} MiB, growth {growth / (double)MiB:F1} MiB");
        Assert.Equal(304, result.Steps);
        Assert.True(atStep50 > 0 && atStep300 > 0, "the probe was not called at steps 50 and 300");
        Assert.True(growth < 40 * MiB, $"resident memory grew by {growth / (double)MiB:F1} MiB over 250 steps");
    }

    private static long ResidentBytes()
    {
        // /proc/self/statm: size resident shared ... in pages. No GC first: a step that left tensors for the finaliser
        // to free would show up here as growth, as it would in a long run.
        const string statm = "/proc/self/statm";
        if (File.Exists(statm))
        {
            var fields = File.ReadAllText(statm).Split(' ');
            return long.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) * Environment.SystemPageSize;
        }

        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}
