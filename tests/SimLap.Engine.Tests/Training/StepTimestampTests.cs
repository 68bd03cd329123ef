using Microsoft.Extensions.Logging.Abstractions;
using SimLap.Contracts.Tracking;
using SimLap.Engine.Tests.TestSupport;
using SimLap.Engine.Training;
using SimLap.Tracking;

namespace SimLap.Engine.Tests.Training;

/// <summary>Per-step metrics carry the time their step ran, though they are read and logged in batches.</summary>
public sealed class StepTimestampTests : IDisposable
{
    private readonly TempFolder work = new();

    public void Dispose() => work.Dispose();

    [Fact]
    public void StepsReadInOneBatchAreStampedWithTheTimesTheyRan()
    {
        // 4 steps per epoch, all read at once at the end of the epoch (log_every 4).
        var experiment = TinyExperiment.Resolve("train.epochs=1", "train.log_every=4", "eval=[]");
        using var pipeline = TinyExperiment.BuildPipeline(experiment, work.Path);
        var tracker = new TimestampTracker();
        var before = DateTimeOffset.UtcNow;

        new Trainer(pipeline, experiment.Options, tracker, new SilentProgress(), NullLogger.Instance).Run(CancellationToken.None);

        var loss = tracker.Points.Where(p => p.Key == "train/loss").ToList();
        Assert.Equal([0L, 1, 2, 3], loss.Select(p => p.Step));
        Assert.All(loss, p => Assert.NotNull(p.Timestamp));
        var times = loss.Select(p => p.Timestamp!.Value).ToList();
        Assert.InRange(times[0], before, DateTimeOffset.UtcNow);
        for (var i = 1; i < times.Count; i++)
        {
            Assert.True(times[i] > times[i - 1], $"step {i} is stamped {times[i]:O}, not after step {i - 1} ({times[i - 1]:O})");
        }

        // Every per-step metric of a step shares its step's time.
        Assert.All(tracker.Points.Where(p => p.Key == "train/lr"), p => Assert.Equal(times[(int)p.Step], p.Timestamp));
    }

    [Fact]
    public void TheLocalStoreWritesTheGivenTimeInMilliseconds()
    {
        var store = new LocalFileStore(work.Combine("mlruns"));
        var ran = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123);
        string folder;
        using (var run = store.StartLocalRun("stamps", "run"))
        {
            run.LogMetric("train/loss", 0.5, 3, ran);
            run.End(RunStatus.Finished);
            folder = run.RunDirectory;
        }

        var line = File.ReadAllText(Path.Combine(folder, "metrics", "train", "loss")).Trim().Split(' ');
        Assert.Equal(["1700000000123", "3"], [line[0], line[2]]);
    }

    [Fact]
    public void EachStepIsStoredWithTheTimeItEndedThroughTheQueuedRun()
    {
        // The clock moves 1.5 s at each reading: the metric buffer reads it once, at the end of each step.
        var experiment = TinyExperiment.Resolve("train.epochs=1", "train.log_every=4", "eval=[]");
        using var pipeline = TinyExperiment.BuildPipeline(experiment, work.Path);
        var clock = new SteppingClock(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000), TimeSpan.FromMilliseconds(1500));
        var store = new LocalFileStore(work.Combine("mlruns"));
        string folder;
        using (var run = store.StartLocalRun("stamps", "run"))
        {
            new Trainer(pipeline, experiment.Options, run, new SilentProgress(), NullLogger.Instance) { Clock = clock }.Run(CancellationToken.None);
            run.End(RunStatus.Finished);
            folder = run.RunDirectory;
        }

        string[] ran = ["1700000000000", "1700000001500", "1700000003000", "1700000004500"];
        foreach (var metric in new[] { "loss", "lr" })
        {
            var points = File.ReadAllLines(Path.Combine(folder, "metrics", "train", metric)).Select(l => l.Split(' ')).ToList();
            Assert.Equal(["0", "1", "2", "3"], points.Select(p => p[2]));
            Assert.Equal(ran, points.Select(p => p[0]));
        }
    }

    /// <summary>A clock that reads <c>start</c>, then <c>start + step</c>, <c>start + 2 step</c>, ...</summary>
    private sealed class SteppingClock(DateTimeOffset start, TimeSpan step) : TimeProvider
    {
        private int readings;

        public override DateTimeOffset GetUtcNow() => start + (step * readings++);
    }

    private sealed class TimestampTracker : ITracker
    {
        public List<(string Key, long Step, DateTimeOffset? Timestamp)> Points { get; } = [];

        public void LogParam(string key, string value)
        {
        }

        public void LogMetric(string key, double value, long step) => Points.Add((key, step, null));

        public void LogMetric(string key, double value, long step, DateTimeOffset timestamp) => Points.Add((key, step, timestamp));

        public void SetTag(string key, string value)
        {
        }

        public void LogArtifact(string localPath, string artifactPath = "")
        {
        }
    }
}
