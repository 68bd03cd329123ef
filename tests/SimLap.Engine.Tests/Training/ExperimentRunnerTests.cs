using Microsoft.Extensions.Logging.Abstractions;
using SimLap.Engine.Configuration;
using SimLap.Engine.Experiments;
using SimLap.Engine.Running;
using SimLap.Engine.Tests.TestSupport;
using SimLap.Engine.Training;
using SimLap.Tracking;

namespace SimLap.Engine.Tests.Training;

/// <summary>Whole runs of the tiny experiment, in process, tracked in a local MLflow-layout store.</summary>
public sealed class ExperimentRunnerTests : IDisposable
{
    private readonly TempFolder folder = new();

    public ExperimentRunnerTests()
    {
        Store = new LocalFileStore(folder.Combine("mlruns"));
    }

    private LocalFileStore Store { get; }

    public void Dispose() => folder.Dispose();

    [Fact]
    public void ATinyRunTrainsEvaluatesAndFinishes()
    {
        var summary = Runner().Run(TinyExperiment.Resolve(), CancellationToken.None);

        // 4 classes x 16 images = 64 training images; batches of 16 give 4 steps per epoch, 2 epochs.
        Assert.Equal(2 * (TinyExperiment.TrainImages / 16), summary.Steps);
        Assert.True(double.IsFinite(summary.FinalLoss), $"final loss {summary.FinalLoss}");
        Assert.InRange(summary.Evaluation["eval/knn/top1"], 0.0, 100.0);
        Assert.Equal(RunDirectory(), summary.Location);
        Assert.Equal(3, Status());
    }

    [Fact]
    public void AFinishedRunHoldsTheResolvedConfigAsParamsAndArtifactAndTheProvenanceTags()
    {
        Runner().Run(TinyExperiment.Resolve(), CancellationToken.None);

        var run = RunDirectory();
        Assert.Equal("0.1", File.ReadAllText(Path.Combine(run, "params", "loss.temperature")));
        Assert.Equal("[8, 16]", File.ReadAllText(Path.Combine(run, "params", "backbone.widths")));
        Assert.Equal("7", File.ReadAllText(Path.Combine(run, "tags", "simlap.seed")));
        // On Linux (glibc) the engine keeps freed memory for reuse unless SIMLAP_MALLOC=system: see NativeAllocator.
        Assert.Equal(OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("SIMLAP_MALLOC") != "system" ? "tuned" : "system", File.ReadAllText(Path.Combine(run, "tags", "simlap.malloc")));
        Assert.Equal("arbitrary + simlap-gate + multi-positive", File.ReadAllText(Path.Combine(run, "tags", "simlap.method")));
        Assert.StartsWith("small-cnn (SimLap.Plugins.Core ", File.ReadAllText(Path.Combine(run, "tags", "simlap.component.backbone")));
        Assert.Matches("^tiny [a-z]+-[a-z]+-[0-9]{3}$", File.ReadAllText(Path.Combine(run, "tags", "mlflow.runName")));
        Assert.Contains("name: tiny", File.ReadAllText(Path.Combine(run, "artifacts", "resolved.yaml")));
        Assert.False(File.Exists(Path.Combine(run, "tags", "simlap.error")));
    }

    [Fact]
    public void ADivergingRunThrowsAndIsMarkedFailedWithTheError()
    {
        // lr * weight_decay = 100 > 2: the decay term alone multiplies every weight by about -99 per SGD step
        // (more with momentum), so within 24 steps weights pass float32's 3.4e38 and the loss is NaN.
        var experiment = TinyExperiment.Resolve(
            "train.optimizer.type=sgd", "train.optimizer.lr=100", "train.optimizer.weight_decay=1", "train.epochs=6");

        var error = Assert.Throws<TrainingDivergedException>(() => Runner().Run(experiment, CancellationToken.None));

        Assert.InRange(error.Step, 0, 23);
        Assert.Equal(4, Status());
        var tag = File.ReadAllText(Path.Combine(RunDirectory(), "tags", "simlap.error"));
        Assert.StartsWith($"the loss is not finite at step {error.Step} (", tag);
    }

    [Fact]
    public void ARunNameLeftEmptyInTheYamlNamesTheRunAfterTheExperimentOrIsRefused()
    {
        // `tracking: {run_name: }` is valid YAML (a null); the run must not crash on it.
        ResolvedExperiment experiment;
        try
        {
            experiment = TinyExperiment.Resolve("tracking.run_name=~", "train.epochs=1", "eval=[]");
        }
        catch (ConfigurationException error)
        {
            Assert.Contains("tracking.run_name", error.Message);
            return;
        }

        Runner().Run(experiment, CancellationToken.None);

        Assert.Matches("^tiny [a-z]+-[a-z]+-[0-9]{3}$", File.ReadAllText(Path.Combine(RunDirectory(), "tags", "mlflow.runName")));
    }

    [Fact]
    public void ALearningRateBeyondTheAllowedRangeIsRefusedBeforeAnyRunStarts()
    {
        var error = Assert.Throws<ConfigurationException>(() => TinyExperiment.Resolve("train.optimizer.lr=1e30"));

        Assert.Equal("--set train.optimizer.lr=1e30: 'train.optimizer.lr' is 1E+30, but must be between 1E-12 and 100.", Assert.Single(error.Problems));
    }

    [Fact]
    public void ACancelledRunIsMarkedKilled()
    {
        Assert.ThrowsAny<OperationCanceledException>(() => Runner().Run(TinyExperiment.Resolve(), new CancellationToken(canceled: true)));

        Assert.Equal(5, Status());
        Assert.StartsWith("interrupted", File.ReadAllText(Path.Combine(RunDirectory(), "tags", "simlap.error")));
    }

    [Fact]
    public void ARunThatFailsATrainingPreconditionIsMarkedFailed()
    {
        // The YAML is valid, but 64 training images cannot fill a batch of 1000: the trainer refuses after the run started.
        var experiment = TinyExperiment.Resolve("train.batch_size=1000");

        Assert.Throws<ConfigurationException>(() => Runner().Run(experiment, CancellationToken.None));

        Assert.Equal(4, Status());
        Assert.Contains("larger than the training set", File.ReadAllText(Path.Combine(RunDirectory(), "tags", "simlap.error")));
    }

    private ExperimentRunner Runner() => new(Store, NullLoggerFactory.Instance, new SilentProgress());

    private string RunDirectory() =>
        Directory.EnumerateFiles(Store.RootDirectory, "meta.yaml", SearchOption.AllDirectories)
            .Select(Path.GetDirectoryName)
            .Single(d => File.Exists(Path.Combine(d!, "tags", "mlflow.runName")))!;

    private int Status()
    {
        var line = File.ReadAllLines(Path.Combine(RunDirectory(), "meta.yaml")).Single(l => l.StartsWith("status: ", StringComparison.Ordinal));
        return int.Parse(line["status: ".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
