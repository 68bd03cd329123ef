using Microsoft.Extensions.Logging.Abstractions;
using SimLap.Contracts.Testing;
using SimLap.Engine.Configuration;
using SimLap.Engine.Experiments;
using SimLap.Engine.Tests.TestSupport;
using SimLap.Engine.Training;

namespace SimLap.Engine.Tests.Training.Hooks;

/// <summary>The trainer raises the hook events in their documented order; the plan check refuses what cannot be trained.</summary>
public sealed class TrainingLifecycleTests : IDisposable
{
    private readonly TempFolder work = new();

    public void Dispose() => work.Dispose();

    [Fact]
    public void EventsAreRaisedInTheDocumentedOrder()
    {
        var experiment = TinyExperiment.Resolve("train.steps_per_epoch=2", "eval=[]");
        using var pipeline = TinyExperiment.BuildPipeline(experiment, work.Path);
        var recorder = new EventRecorder();

        new Trainer(pipeline, experiment.Options, new NullTracker(), new SilentProgress(), NullLogger.Instance) { Hooks = [recorder] }.Run(CancellationToken.None);

        Assert.Equal(
            ["run-start 0", "epoch-start 1", "step 0", "step 1 last", "epoch-end 1", "evaluation 1",
             "epoch-start 2", "step 2", "step 3 last", "epoch-end 2", "evaluation 2", "run-end 4"],
            recorder.Events);
    }

    [Fact]
    public void ACancelledRunRaisesInterruptBeforeTheStepNotTakenAndNothingAfter()
    {
        var experiment = TinyExperiment.Resolve("eval=[]");
        using var pipeline = TinyExperiment.BuildPipeline(experiment, work.Path);
        using var cancel = new CancellationTokenSource();
        var recorder = new EventRecorder { CancelAfterStep = (1, cancel) };

        Assert.ThrowsAny<OperationCanceledException>(() =>
            new Trainer(pipeline, experiment.Options, new NullTracker(), new SilentProgress(), NullLogger.Instance) { Hooks = [recorder] }.Run(cancel.Token));

        Assert.Equal(["run-start 0", "epoch-start 1", "step 0", "step 1", "interrupt 1/2"], recorder.Events);
    }

    [Theory]
    [InlineData(64, 16, 0, 4)]
    [InlineData(64, 16, 3, 3)]
    [InlineData(70, 16, 0, 4)]
    public void ThePlanTakesWholeBatchesOrTheStepsPerEpochAskedFor(long images, int batchSize, int stepsPerEpoch, int expected) =>
        Assert.Equal(expected, TrainingPlanCheck.StepsPerEpoch(images, true, true, new TrainOptions { BatchSize = batchSize, StepsPerEpoch = stepsPerEpoch }));

    [Fact]
    public void APairSamplerThatNeedsLabelsOnLabelFreeDataIsAConfigurationError()
    {
        var error = Assert.Throws<ConfigurationException>(() => TrainingPlanCheck.StepsPerEpoch(64, false, true, new TrainOptions { BatchSize = 16 }));

        Assert.Equal("the pair sampler needs class labels, but the training data is label-free; use pairs: { type: instance }.", error.Message);
        Assert.Equal(4, TrainingPlanCheck.StepsPerEpoch(64, false, false, new TrainOptions { BatchSize = 16 }));
    }

    private sealed class EventRecorder : ITrainingHook
    {
        public List<string> Events { get; } = [];

        public (long Step, CancellationTokenSource Source)? CancelAfterStep { get; init; }

        public void OnRunStart(RunStartArgs e) => Events.Add($"run-start {e.State.Step}");

        public void OnEpochStart(EpochStartArgs e) => Events.Add($"epoch-start {e.State.Epoch}");

        public void OnStepEnd(StepEndArgs e)
        {
            Events.Add($"step {e.Step}{(e.IsLastOfEpoch ? " last" : "")}");
            if (CancelAfterStep is { } cancel && cancel.Step == e.Step)
            {
                cancel.Source.Cancel();
            }
        }

        public void OnEpochEnd(EpochEndArgs e) => Events.Add($"epoch-end {e.State.Epoch}");

        public void OnEvaluation(EvaluationArgs e) => Events.Add($"evaluation {e.State.Epoch}");

        public void OnInterrupt(InterruptArgs e) => Events.Add($"interrupt {e.State.Epoch}/{e.State.StepInEpoch}");

        public void OnRunEnd(RunEndArgs e) => Events.Add($"run-end {e.State.Step}");
    }
}
