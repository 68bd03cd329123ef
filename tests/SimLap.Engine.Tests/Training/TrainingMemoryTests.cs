using SimLap.Engine.Tests.TestSupport;
using Xunit.Abstractions;

namespace SimLap.Engine.Tests.Training;

public sealed class TrainingMemoryTests(ITestOutputHelper output) : IDisposable
{
    private const long MiB = 1024 * 1024;
    private const long FirstProbeStep = 150;
    private const long LastProbeStep = 450;
    private readonly TempFolder work = new();

    public void Dispose() => work.Dispose();

    [Fact]
    public void ResidentMemoryStaysFlatOverHundredsOfTrainingSteps()
    {
        // 4 classes x 64 images = 256 training images: 16 steps of 16 per epoch, 30 epochs = 480 steps.
        var experiment = TinyExperiment.Resolve("data.train_per_class=64", "train.epochs=30", "eval=[]");
        using var pipeline = TinyExperiment.BuildPipeline(experiment, work.Path);
        long first = 0, last = 0;
        var probe = new StepProbe(new Dictionary<long, Action>
        {
            [FirstProbeStep] = () => first = ResidentBytes(),
            [LastProbeStep] = () => last = ResidentBytes(),
        });

        var result = TinyExperiment.Trainer(pipeline, experiment, probe).Run(CancellationToken.None);

        // Measured healthy runs: the process warms up (allocator arenas, JIT, optimiser state) over the first ~300 steps
        // by 20-35 MiB, then stays flat; from step 150 to 450 it grows by 5-16 MiB. The baseline is taken at step 150 so
        // the warm-up does not count.
        // What a leak would cost: one step holds the batch (16 x 3 x 16 x 16 floats = 48 KiB) and its two views
        // (96 KiB); the activations of both views through the CNN are 32 images x 8 channels x 16 x 16 x 4 bytes =
        // 256 KiB per tensor at stage 1 (conv, batch-norm and ReLU outputs kept for backward, plus half that at stage 2)
        // and their gradients: well over 1 MiB per step. Keeping one step's tensors alive would grow the process by more
        // than 300 MiB over these 300 steps; keeping only the batch and its views, by over 40 MiB. The 300 steps cross
        // 18 epoch boundaries, so memory kept per epoch (a thread, a buffer) counts too: a new producer thread per epoch
        // (one glibc malloc arena each) grew it by ~160 MiB.
        var growth = last - first;
        output.WriteLine($"resident at step {FirstProbeStep}: {first / MiB} MiB, at step {LastProbeStep}: {last / MiB} MiB, growth {growth / (double)MiB:F1} MiB");
        Assert.Equal(480, result.Steps);
        Assert.True(first > 0 && last > 0, $"the probe was not called at steps {FirstProbeStep} and {LastProbeStep}");
        Assert.True(growth < 30 * MiB, $"resident memory grew by {growth / (double)MiB:F1} MiB over {LastProbeStep - FirstProbeStep} steps");
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
