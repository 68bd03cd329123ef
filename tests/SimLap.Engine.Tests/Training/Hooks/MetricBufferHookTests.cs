using SimLap.Contracts.Tracking;
using SimLap.Engine.Training;
using TorchSharp;

namespace SimLap.Engine.Tests.Training.Hooks;

/// <summary>The metric buffer: what it logs at which step, with which values, and when it reads the device.</summary>
public sealed class MetricBufferHookTests
{
    private static readonly string[] Terms = ["loss", "loss_term", "gate_penalty"];

    [Fact]
    public void StepsAreReadEveryLogEveryStepsAndAtTheEndOfTheEpochWithTheirLearningRates()
    {
        var tracker = new OrderedTracker();
        var hook = new MetricBufferHook(tracker, logEvery: 3);
        var state = new TrainingState(TrainingProgress.Start);
        float[][] rows = [[1.5f, 1.25f, 0.25f], [1.0f, 0.75f, 0.25f], [0.5f, 0.5f, 0f], [0.25f, 0.25f, 0f]];
        double[] learningRates = [0.1, 0.2, 0.3, 0.4];

        hook.OnEpochStart(new EpochStartArgs(state));
        var read = rows.Select((row, i) => Step(hook, state, row, learningRates[i], last: i == rows.Length - 1)).ToList();

        // Nothing is logged until step 2 (the third) is taken; step 3 is read as the epoch's last.
        Assert.Equal([null, null, 0.5, 0.25], read);
        Assert.Equal([0L, 1, 2, 3], tracker.Steps(MetricNames.Loss));
        Assert.Equal([1.5, 1.0, 0.5, 0.25], tracker.Values(MetricNames.Loss));
        Assert.Equal([1.25, 0.75, 0.5, 0.25], tracker.Values(MetricNames.Term("loss_term")));
        Assert.Equal([0.25, 0.25, 0, 0], tracker.Values(MetricNames.Term("gate_penalty")));
        Assert.Equal(learningRates, tracker.Values(MetricNames.LearningRate));
        Assert.Equal(0, hook.Pending);

        hook.OnEpochEnd(new EpochEndArgs(state));

        // Logged at the epoch's step count: (1.5 + 1.0 + 0.5 + 0.25) / 4.
        Assert.Equal((4L, 0.8125), tracker.Single(MetricNames.EpochLoss));
        Assert.Equal((4L, 1.0), tracker.Single(MetricNames.Epoch));
    }

    [Fact]
    public void ValuesLoggedWithAStepFollowItsLearningRateAndShareItsTime()
    {
        var tracker = new OrderedTracker();
        var hook = new MetricBufferHook(tracker, logEvery: 1);
        var state = new TrainingState(TrainingProgress.Start);
        var e = new StepEndArgs(state, torch.tensor(new[] { 2.0f, 2.0f, 0f }), Terms, 0.05, TimeSpan.Zero, false);
        e.Log(MetricNames.Momentum, 0.996);

        hook.OnStepEnd(e);

        Assert.Equal([MetricNames.LearningRate, MetricNames.Momentum, MetricNames.Loss, MetricNames.Term("loss_term"), MetricNames.Term("gate_penalty")], tracker.Points.Select(p => p.Key));
        Assert.Equal(0.996, tracker.Values(MetricNames.Momentum).Single());
        Assert.Single(tracker.Points.Select(p => p.Timestamp).Distinct());
        Assert.NotNull(tracker.Points[0].Timestamp);
        Assert.Equal(2.0, e.Loss);
    }

    [Fact]
    public void AnInterruptionReadsThePendingStepsIntoTheEpochsLoss()
    {
        var tracker = new OrderedTracker();
        var hook = new MetricBufferHook(tracker, logEvery: 10);
        var state = new TrainingState(new TrainingProgress(2, 1, 5, 3.0, 1));

        Step(hook, state, [1.0f, 1.0f, 0f], 0.1, false);
        Step(hook, state, [2.0f, 2.0f, 0f], 0.1, false);
        Assert.Empty(tracker.Points);

        hook.OnInterrupt(new InterruptArgs(state));

        Assert.Equal([5L, 6], tracker.Steps(MetricNames.Loss));
        Assert.Equal(new TrainingProgress(2, 3, 7, 6.0, 3), state.Progress);
    }

    [Fact]
    public void ANonFiniteLossStopsTrainingAfterLoggingTheStepsBeforeIt()
    {
        var tracker = new OrderedTracker();
        var hook = new MetricBufferHook(tracker, logEvery: 3);
        var state = new TrainingState(TrainingProgress.Start);
        Step(hook, state, [1.0f, 1.0f, 0f], 0.1, false);
        Step(hook, state, [float.NaN, float.NaN, 0f], 0.1, false);

        var error = Assert.Throws<TrainingDivergedException>(() => Step(hook, state, [1.0f, 1.0f, 0f], 0.1, false));

        Assert.Equal(1, error.Step);
        Assert.Contains("loss = NaN, loss_term = NaN, gate_penalty = 0", error.Message, StringComparison.Ordinal);
        Assert.Equal([0L], tracker.Steps(MetricNames.Loss));
        Assert.Equal([0L, 1], tracker.Steps(MetricNames.LearningRate));
        Assert.Equal((1.0, 1L), (state.EpochLossSum, state.EpochLossCount));
        Assert.Equal(0, hook.Pending);
    }

    /// <summary>Raises the step's end as the loop does (the hook owns the values), then advances the state.</summary>
    private static double? Step(MetricBufferHook hook, TrainingState state, float[] values, double learningRate, bool last)
    {
        var e = new StepEndArgs(state, torch.tensor(values), Terms, learningRate, TimeSpan.Zero, last);
        hook.OnStepEnd(e);
        state.Advance();
        return e.Loss;
    }

    private sealed class OrderedTracker : ITracker
    {
        public List<(string Key, double Value, long Step, DateTimeOffset? Timestamp)> Points { get; } = [];

        public IEnumerable<long> Steps(string key) => Points.Where(p => p.Key == key).Select(p => p.Step);

        public IEnumerable<double> Values(string key) => Points.Where(p => p.Key == key).Select(p => p.Value);

        public (long Step, double Value) Single(string key) => Points.Where(p => p.Key == key).Select(p => (p.Step, p.Value)).Single();

        public void LogParam(string key, string value)
        {
        }

        public void LogMetric(string key, double value, long step) => Points.Add((key, value, step, null));

        public void LogMetric(string key, double value, long step, DateTimeOffset timestamp) => Points.Add((key, value, step, timestamp));

        public void SetTag(string key, string value)
        {
        }

        public void LogArtifact(string localPath, string artifactPath = "")
        {
        }
    }
}
