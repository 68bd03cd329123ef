using Microsoft.Extensions.Logging.Abstractions;
using SimLap.Contracts.Tracking;
using SimLap.Engine.Tests.TestSupport;
using SimLap.Engine.Training;

namespace SimLap.Engine.Tests.Training;

/// <summary>Evaluators run on their own schedule (<c>every:</c>) and can transfer to another data set (<c>data:</c>).</summary>
public sealed class EvaluationScheduleTests : IDisposable
{
    private readonly TempFolder work = new();

    public void Dispose() => work.Dispose();

    [Fact]
    public void AnEvaluatorWithEveryRunsAfterThoseEpochsAndOneWithoutOnlyAtTheEnd()
    {
        var experiment = TinyExperiment.Resolve("train.epochs=3", "eval=[{type: knn, k: 5, every: 1}, {type: spectrum}]");
        using var pipeline = TinyExperiment.BuildPipeline(experiment, work.Path);
        var tracker = new MetricRecorder();

        new Trainer(pipeline, experiment.Options, tracker, new SilentProgress(), NullLogger.Instance, work.Path).Run(CancellationToken.None);

        Assert.Equal([4L, 8, 12], tracker.Steps("eval/knn/top1"));
        Assert.Equal([12L], tracker.Steps("eval/spectrum/effective_rank"));
    }

    [Fact]
    public void AnEvaluatorWithItsOwnDataReportsUnderThatDataSetsName()
    {
        var experiment = TinyExperiment.Resolve("train.epochs=1", "eval=[{type: knn, k: 3, data: {type: synthetic, image_size: 12, shapes: 3, colours: 1, train_per_class: 6, test_per_class: 4}}]");
        using var pipeline = TinyExperiment.BuildPipeline(experiment, work.Path);
        var tracker = new MetricRecorder();

        new Trainer(pipeline, experiment.Options, tracker, new SilentProgress(), NullLogger.Instance, work.Path).Run(CancellationToken.None);

        var top1 = Assert.Single(tracker.Values("eval/knn/synthetic/top1"));
        Assert.InRange(top1, 0, 100);
        Assert.Empty(tracker.Values("eval/knn/top1"));
        Assert.Equal("knn on synthetic", tracker.Tags["simlap.eval.0.protocol"]);
    }

    [Fact]
    public void ATransferEvaluatorsPlotIsLoggedUnderItsDataSetAndLeavesTheInDomainPlotAlone()
    {
        var transfer = "{type: synthetic, image_size: 12, shapes: 3, colours: 1, train_per_class: 6, test_per_class: 4, noise: 0.3}";
        var experiment = TinyExperiment.Resolve("train.epochs=1", $"eval=[{{type: few-shot, shots: [1], seeds: 1}}, {{type: few-shot, shots: [1], seeds: 1, data: {transfer}}}]");
        using var pipeline = TinyExperiment.BuildPipeline(experiment, work.Path);
        var tracker = new MetricRecorder();

        new Trainer(pipeline, experiment.Options, tracker, new SilentProgress(), NullLogger.Instance, work.Path).Run(CancellationToken.None);

        // Both evaluators draw a plot of the same file name; each is logged from its own file under its metric prefix.
        var plots = tracker.Artifacts.Where(a => a.ArtifactPath.StartsWith("eval/", StringComparison.Ordinal)).ToList();
        Assert.Equal(["eval/few-shot", "eval/few-shot/synthetic"], plots.Select(a => a.ArtifactPath));
        var (inDomain, transferred) = (plots[0].LocalPath, plots[1].LocalPath);
        Assert.Equal(Path.GetFileName(inDomain), Path.GetFileName(transferred));
        Assert.NotEqual(Path.GetFullPath(inDomain), Path.GetFullPath(transferred));
        Assert.Equal(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(inDomain))!, "synthetic"), Path.GetDirectoryName(Path.GetFullPath(transferred)));
        Assert.True(File.Exists(inDomain) && File.Exists(transferred));
        Assert.Single(tracker.Values("eval/few-shot/shots_1/mean"));
        Assert.Single(tracker.Values("eval/few-shot/synthetic/shots_1/mean"));
    }

    private sealed class MetricRecorder : ITracker
    {
        private readonly List<(string Key, double Value, long Step)> points = [];

        public Dictionary<string, string> Tags { get; } = [];

        public IEnumerable<long> Steps(string key) => points.Where(p => p.Key == key).Select(p => p.Step);

        public IEnumerable<double> Values(string key) => points.Where(p => p.Key == key).Select(p => p.Value);

        public void LogParam(string key, string value)
        {
        }

        public void LogMetric(string key, double value, long step) => points.Add((key, value, step));

        public void SetTag(string key, string value) => Tags[key] = value;

        public List<(string LocalPath, string ArtifactPath)> Artifacts { get; } = [];

        public void LogArtifact(string localPath, string artifactPath = "") => Artifacts.Add((localPath, artifactPath));
    }
}
