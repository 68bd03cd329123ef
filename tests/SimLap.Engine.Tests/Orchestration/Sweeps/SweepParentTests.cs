using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using SimLap.Engine.Compare;
using SimLap.Engine.Experiments;
using SimLap.Engine.Orchestration.Sweeps;
using SimLap.Engine.Running;
using SimLap.Engine.Tests.TestSupport;
using SimLap.Engine.Training;
using SimLap.Tracking;
using YamlDotNet.RepresentationModel;

namespace SimLap.Engine.Tests.Sweeps;

/// <summary>A sweep run into a real local store: what its parent run holds, read back in the store's own formats.</summary>
public sealed class SweepParentTests : IDisposable
{
    private const string Commit = "89abcdef0123456789abcdef0123456789abcdef";

    private readonly TempFolder work = new();

    public void Dispose() => work.Dispose();

    [Fact]
    public void TheParentHoldsTheBaseParamsTheDefinitionTheCountTheCommitTheSummaryTheTablesAndThePlots()
    {
        // A repository checked out at a detached commit, holding a sweep of two seeds of the tiny experiment.
        Directory.CreateDirectory(work.Combine("repo", ".git"));
        File.WriteAllText(work.Combine("repo", ".git", "HEAD"), Commit + "\n");
        var path = work.Write("repo/sweep.yaml", TinyExperiment.YamlStartingWith("train: {epochs: 1, batch_size: 16}") + "sweep:\n  seeds: [1, 2]\n");
        var loaded = ExperimentResolver.Load(path, [], NullLogger.Instance, _ => RealPlugins.Catalog);
        var store = new LocalFileStore(work.Combine("mlruns"));
        var drawn = new List<string>();
        var runner = new SweepRunner(store, () => new ExperimentRunner(store, NullLoggerFactory.Instance, new SilentProgress()), NullLogger.Instance)
        {
            Plot = (result, folder) => Picture(result, folder, drawn),
        };

        var outcomes = runner.Run(loaded, loaded.Trials, null, CancellationToken.None);

        var parent = store.ListRuns("engine-tests", runningOnly: false).Single(r => !r.Tags.ContainsKey(MlflowKeys.ParentRunIdTag));
        var folder = parent.Folder!;
        Assert.Equal(RunStatus.Finished, parent.Status);
        Assert.Equal(Commit, parent.Tags["mlflow.source.git.commit"]);
        Assert.Equal("2", parent.Tags[SweepTags.Trials]);
        Assert.Equal("1", Read(folder, "params", "train.epochs"));
        Assert.Equal("7", Read(folder, "params", "seed"));
        Assert.Equal("2", Metric(folder, "sweep/trials").Split(' ')[1]);

        // sweep.yaml is YAML: the sweep as written and each trial's overrides.
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Path.Combine(folder, "artifacts", SweepDefinition.ArtifactName))));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        Assert.Equal("2", root["trial_count"].ToString());
        Assert.Equal(["1", "2"], ((YamlSequenceNode)((YamlMappingNode)root["sweep"])["seeds"]).Select(n => n.ToString()));
        Assert.Equal("2", ((YamlMappingNode)((YamlMappingNode)((YamlSequenceNode)root["trials"])[1])["overrides"])["seed"].ToString());

        // The best trial and the mean over the seeds, from the trials' own values.
        var top1 = outcomes.Select(o => o.Summary!.Evaluation["eval/knn/top1"]).ToList();
        Assert.Equal(top1.Max(), Value(folder, "best/eval/knn/top1"), 10);
        Assert.Equal(top1.IndexOf(top1.Max()), Value(folder, "best_trial/eval/knn/top1"));
        Assert.Equal(top1.Average(), Value(folder, "group/all/eval/knn/top1/mean"), 10);

        // comparison.csv: one row of the two trials; the plots, one per metric, under plots/.
        var csv = File.ReadAllLines(Path.Combine(folder, "artifacts", "comparison.csv"));
        Assert.Equal(2, csv.Length);
        Assert.Equal(["all", "2"], csv[1].Split(',')[..2]);
        Assert.Equal(top1.Average(), double.Parse(csv[1].Split(',')[2], CultureInfo.InvariantCulture), 10);
        Assert.Equal(["eval/knn/top1", "eval/online-probe/top1", "train/final_loss"], drawn);
        Assert.Equal(["eval-knn-top1.png", "eval-online-probe-top1.png", "train-final_loss.png"], Directory.EnumerateFiles(Path.Combine(folder, "artifacts", SweepResults.PlotFolder)).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void APlotThatFailsIsAWarningAndTheSweepFinishesWithItsTables()
    {
        var path = work.Write("sweep.yaml", TinyExperiment.YamlStartingWith("train: {epochs: 1, batch_size: 16}", "eval: []") + "sweep:\n  seeds: [1]\n");
        var loaded = ExperimentResolver.Load(path, [], NullLogger.Instance, _ => RealPlugins.Catalog);
        var store = new LocalFileStore(work.Combine("mlruns"));
        var runner = new SweepRunner(store, () => new ExperimentRunner(store, NullLoggerFactory.Instance, new SilentProgress()), NullLogger.Instance)
        {
            Plot = (_, _) => throw new DllNotFoundException("libSkiaSharp"),
        };

        runner.Run(loaded, loaded.Trials, null, CancellationToken.None);

        var parent = store.ListRuns("engine-tests", runningOnly: false).Single(r => !r.Tags.ContainsKey(MlflowKeys.ParentRunIdTag));
        Assert.Equal(RunStatus.Finished, parent.Status);
        Assert.True(File.Exists(Path.Combine(parent.Folder!, "artifacts", "comparison.md")));
        Assert.False(Directory.Exists(Path.Combine(parent.Folder!, "artifacts", SweepResults.PlotFolder)));
    }

    private static string Picture(ComparisonResult result, string folder, List<string> drawn)
    {
        drawn.Add(result.Metric);
        var picture = Path.Combine(folder, result.Metric.Replace('/', '-') + ".png");
        File.WriteAllText(picture, result.Metric);
        return picture;
    }

    private static string Read(string run, params string[] parts) => File.ReadAllText(Path.Combine([run, .. parts]));

    private static string Metric(string run, string key) => File.ReadAllLines(Path.Combine([run, "metrics", .. key.Split('/')])).Single();

    private static double Value(string run, string key) => double.Parse(Metric(run, key).Split(' ')[1], CultureInfo.InvariantCulture);
}
