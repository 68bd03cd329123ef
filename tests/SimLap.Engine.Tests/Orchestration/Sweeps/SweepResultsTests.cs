using System.Globalization;
using SimLap.Contracts.Tracking;
using SimLap.Engine.Configuration;
using SimLap.Engine.Experiments;
using SimLap.Engine.Orchestration.Sweeps;
using SimLap.Engine.Running;
using SimLap.Engine.Tests.TestSupport;

namespace SimLap.Engine.Tests.Sweeps;

/// <summary>A sweep parent's summary: the best trial per metric, mean ± std over seeds per group, the tables.</summary>
public sealed class SweepResultsTests : IDisposable
{
    private readonly TempFolder work = new();

    public void Dispose() => work.Dispose();

    [Fact]
    public void TheParentGetsTheBestTrialPerMetricAndTheMeanAndStdOverSeedsPerGroup()
    {
        var tracker = new SummaryTracker();
        TrialOutcome[] outcomes =
        [
            Outcome(0, "open", 1, top1: 70, loss: 2.0),
            Outcome(1, "open", 2, top1: 74, loss: 1.8),
            Outcome(2, "simlap-gate", 1, top1: 80, loss: 1.5),
            Outcome(3, "simlap-gate", 2, top1: 84, loss: 1.7),
            new TrialOutcome(Trial(4, "open", 3), null, "diverged"),
        ];

        SweepResults.Log(tracker, "abl", outcomes, work.Path);

        Assert.Equal(84, tracker.Metrics["best/eval/knn/top1"]);
        Assert.Equal(3, tracker.Metrics["best_trial/eval/knn/top1"]);
        Assert.StartsWith("trial 3 (head.type=simlap-gate seed=2, run run-3): 84, highest of 4", tracker.Tags["simlap.sweep.best.eval/knn/top1"], StringComparison.Ordinal);

        // The loss is better low.
        Assert.Equal(1.5, tracker.Metrics["best/train/final_loss"]);
        Assert.Equal(2, tracker.Metrics["best_trial/train/final_loss"]);

        Assert.Equal(72, tracker.Metrics["group/head.type_open/eval/knn/top1/mean"], 10);
        Assert.Equal(Math.Sqrt(8), tracker.Metrics["group/head.type_open/eval/knn/top1/std"], 10);
        Assert.Equal(2, tracker.Metrics["group/head.type_open/eval/knn/top1/n"]);
        Assert.Equal(82, tracker.Metrics["group/head.type_simlap-gate/eval/knn/top1/mean"], 10);
        Assert.Equal(4, tracker.Metrics["sweep/finished"]);

        var markdown = File.ReadAllText(tracker.Artifacts.Single(a => Path.GetFileName(a) == "comparison.md"));
        Assert.Contains("| head.type | n | eval/knn/top1 | train/final_loss |", markdown, StringComparison.Ordinal);
        Assert.Contains("| simlap-gate | 2 | 82.0000 ± 2.8284 | 1.6000 ± 0.1414 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| 4 | head.type=open seed=3 | failed |", markdown, StringComparison.Ordinal);
        var csv = File.ReadAllLines(tracker.Artifacts.Single(a => Path.GetFileName(a) == "comparison.csv"));
        Assert.StartsWith("head.type,n,eval/knn/top1 mean,", csv[0], StringComparison.Ordinal);
        Assert.StartsWith("simlap-gate,2,82,", csv[1], StringComparison.Ordinal);
        var trials = File.ReadAllLines(tracker.Artifacts.Single(a => Path.GetFileName(a) == "trials.csv"));
        Assert.Equal(6, trials.Length);
    }

    [Fact]
    public void EachMetricsComparisonIsDrawnAndLoggedUnderPlots()
    {
        var tracker = new SummaryTracker();
        TrialOutcome[] outcomes = [Outcome(0, "open", 1, top1: 70, loss: 2.0), Outcome(1, "open", 2, top1: 74, loss: 1.8), Outcome(2, "simlap-gate", 1, top1: 80, loss: 1.5)];
        var drawn = new List<(string Metric, string Groups, string Folder)>();

        SweepResults.Log(tracker, "abl", outcomes, work.Path, (result, folder) =>
        {
            drawn.Add((result.Metric, string.Join(";", result.Groups.Select(g => $"{string.Join(",", g.Values)} {g.Mean:F1} n={g.Count}")), folder));
            return work.Write($"{result.Metric.Replace('/', '-')}.png", "png");
        });

        Assert.Equal(
            [("eval/knn/top1", "simlap-gate 80.0 n=1;open 72.0 n=2", work.Path), ("train/final_loss", "open 1.9 n=2;simlap-gate 1.5 n=1", work.Path)],
            drawn);
        Assert.Equal(["plots/eval-knn-top1.png", "plots/train-final_loss.png"], tracker.Logged.Where(a => a.StartsWith("plots/", StringComparison.Ordinal)));
    }

    private static SweepTrial Trial(int index, string head, int seed) => new(
        index,
        [new SweepOverride("head.type", new ConfigScalar(head, false, SourceLocation.None)), new SweepOverride("seed", new ConfigScalar(seed.ToString(CultureInfo.InvariantCulture), false, SourceLocation.None))]);

    private static TrialOutcome Outcome(int index, string head, int seed, double top1, double loss) =>
        new(Trial(index, head, seed), new RunSummary($"run-{index}", "", 4, loss, new Dictionary<string, double> { ["eval/knn/top1"] = top1 }, 1), null);

    private sealed class SummaryTracker : ITracker
    {
        public Dictionary<string, double> Metrics { get; } = [];

        public Dictionary<string, string> Tags { get; } = [];

        public List<string> Artifacts { get; } = [];

        public void LogParam(string key, string value)
        {
        }

        public void LogMetric(string key, double value, long step) => Metrics[key] = value;

        public void SetTag(string key, string value) => Tags[key] = value;

        /// <summary>Each artifact as it is stored: folder/name.</summary>
        public List<string> Logged { get; } = [];

        public void LogArtifact(string localPath, string artifactPath = "")
        {
            Artifacts.Add(localPath);
            Logged.Add(artifactPath.Length == 0 ? Path.GetFileName(localPath) : $"{artifactPath}/{Path.GetFileName(localPath)}");
        }
    }
}
