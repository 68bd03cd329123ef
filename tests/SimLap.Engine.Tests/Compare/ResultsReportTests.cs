using SimLap.Engine.Compare;
using SimLap.Engine.Configuration;
using SimLap.Engine.Tests.TestSupport;
using SimLap.Tracking;

namespace SimLap.Engine.Tests.Compare;

/// <summary>
/// <c>simlap report</c>'s content from a local store the test writes: the grouped table (mean, sample std, n), the
/// paired differences from a baseline over the same seeds, and the errors for keys the runs do not have.
/// </summary>
public sealed class ResultsReportTests : IDisposable
{
    private const string Knn = "eval/knn/top1";
    private const string Linear = "eval/linear/top1";
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void TheTableHasTheMeanSampleStdAndCountOfEachGroupAndMetric()
    {
        var report = ResultsReport.Build("rep", Runs(), new ReportRequest(["loss.type"], [Knn, Linear]));

        // infonce knn 70, 74, 75: mean 73, deviations -3, 1, 2, variance 14 / 2 = 7. triplet knn 60, 66, 63: mean 63, variance 18 / 2 = 9.
        // infonce linear 80, 81, 79: mean 80, variance 1. triplet linear 80, 79, 90: mean 83, variance 74 / 2 = 37. The failed run is left out.
        var table = report.Table;
        Assert.Equal(6, table.Runs);
        Assert.Equal(1, table.Skipped);
        Assert.Equal([["infonce"], ["triplet"]], table.Rows.Select(r => r.Values.ToArray()));
        var (infonce, triplet) = (table.Rows[0], table.Rows[1]);
        Assert.Equal(3, infonce.Runs);
        Near(3, 73, Math.Sqrt(7), infonce.Cells[0]);
        Near(3, 63, 3, triplet.Cells[0]);
        Near(3, 80, 1, infonce.Cells[1]);
        Near(3, 83, Math.Sqrt(37), triplet.Cells[1]);
        Assert.Equal(
            "| loss.type | n | eval/knn/top1 | eval/linear/top1 |\n| --- | ---: | ---: | ---: |\n| infonce | 3 | 73.0000 ± 2.6458 | 80.0000 ± 1.0000 |\n| triplet | 3 | 63.0000 ± 3.0000 | 83.0000 ± 6.0828 |\n",
            table.ToMarkdown());
        Assert.Empty(report.Paired);
    }

    [Fact]
    public void LabelsReplaceTheGroupingColumnsAndDecimalsArePerMetric()
    {
        var labels = new Dictionary<string, string> { ["triplet"] = "Triplet (1)", [Linear] = "linear top-1" };
        var report = ResultsReport.Build("rep", Runs(), new ReportRequest(["loss.type"], [Knn, Linear], Labels: labels, Decimals: [1, 3]));

        // As above: infonce knn 73 ± sqrt(7) = 2.6458, linear 80 ± 1; triplet knn 63 ± 3, linear 83 ± sqrt(37) = 6.0828. infonce has no label: its value shows.
        Assert.Equal(
            "| method | n | eval/knn/top1 | linear top-1 |\n| --- | ---: | ---: | ---: |\n| infonce | 3 | 73.0 ± 2.6 | 80.000 ± 1.000 |\n| Triplet (1) | 3 | 63.0 ± 3.0 | 83.000 ± 6.083 |\n",
            report.Table.ToText(report.Request.Labels, report.Request.Decimals!).ToMarkdown());
        var unknown = Assert.Throws<ConfigurationException>(() => ResultsReport.Build("rep", Runs(), new ReportRequest(["loss.type"], [Knn], Labels: new Dictionary<string, string> { ["triplt"] = "T" })));
        Assert.StartsWith("--label 'triplt': no group of experiment 'rep' has these values of loss.type. Did you mean 'triplet'?", Assert.Single(unknown.Problems));
    }

    [Fact]
    public void PairedDifferencesUseOnlyTheSeedsBothGroupsHaveAndSayWhetherTheyExceedTheirSpread()
    {
        var report = ResultsReport.Build("rep", Runs(), new ReportRequest(["loss.type"], [Knn, Linear], Baseline: "triplet"));

        // Seeds 1 and 2 pair up (infonce has 3, triplet 4). knn: 70 - 60 = 10, 74 - 66 = 8: mean 9, std sqrt(2), beyond it.
        // linear: 80 - 80 = 0, 81 - 79 = 2: mean 1, std sqrt(2), within it.
        Assert.Equal(["triplet"], report.Baseline!.Values);
        Assert.Equal(2, report.Paired.Count);
        var knn = report.Paired.Single(d => d.Metric == Knn);
        Assert.Equal(["infonce"], knn.Group);
        Assert.Equal((2, 1), (knn.Pairs, knn.Unpaired));
        Assert.Equal(9, knn.Mean, 10);
        Assert.Equal(Math.Sqrt(2), knn.StdDev!.Value, 10);
        Assert.True(knn.ExceedsSpread);
        var linear = report.Paired.Single(d => d.Metric == Linear);
        Assert.Equal(2, linear.Pairs);
        Assert.Equal(1, linear.Mean, 10);
        Assert.Equal(Math.Sqrt(2), linear.StdDev!.Value, 10);
        Assert.False(linear.ExceedsSpread);
        var text = PairedComparison.ToText(report.Table, report.Paired);
        Assert.Equal(["loss.type", "Δ eval/knn/top1", "Δ eval/linear/top1"], text.Headers);
        Assert.Equal(["infonce", "+9.0000 ± 1.4142 (n=2, exceeds spread)", "+1.0000 ± 1.4142 (n=2, within spread)"], Assert.Single(text.Rows));
    }

    [Fact]
    public void AnUnknownBaselineGroupOrPairKeyIsAnErrorNamingTheNearestTheRunsHave()
    {
        var runs = Runs();

        var group = Assert.Throws<ConfigurationException>(() => ResultsReport.Build("rep", runs, new ReportRequest(["loss.type"], [Knn], Baseline: "triplt")));
        var pair = Assert.Throws<ConfigurationException>(() => ResultsReport.Build("rep", runs, new ReportRequest(["loss.type"], [Knn], Baseline: "triplet", PairKey: "sed")));
        var ungrouped = Assert.Throws<ConfigurationException>(() => ResultsReport.Build("rep", runs, new ReportRequest([], [Knn], Baseline: "triplet")));

        Assert.Contains("--baseline 'triplt': no group of experiment 'rep' has these values of loss.type. Did you mean 'triplet'? The groups are: infonce; triplet.", group.Message, StringComparison.Ordinal);
        Assert.Contains("--pair-by 'sed': no run of experiment 'rep' has this param or tag", pair.Message, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'seed'?", pair.Message, StringComparison.Ordinal);
        Assert.Contains("--baseline 'triplet' needs --by", ungrouped.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownMetricOrGroupingKeyIsAnErrorWithTheNearestKeyTheRunsHave()
    {
        var runs = Runs();

        var error = Assert.Throws<ConfigurationException>(() => ResultsReport.Build("rep", runs, new ReportRequest(["loss.typ"], [Knn, "eval/linaer/top1"])));

        Assert.Equal(2, error.Problems.Count);
        Assert.Contains("--metric 'eval/linaer/top1': no run of experiment 'rep' logged this metric. Did you mean 'eval/linear/top1'?", error.Problems[0], StringComparison.Ordinal);
        Assert.Contains("--by 'loss.typ': no run of experiment 'rep' has this param or tag. Did you mean 'loss.type'?", error.Problems[1], StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutMetricsTheHeadlineEvalMetricsAreTakenAndTheCurvePointsLeftToTheCurves()
    {
        var store = new LocalFileStore(folder.Combine("mlruns"));
        using (var run = store.StartLocalRun("rep", "one"))
        {
            run.LogMetric(Knn, 70, 1);
            run.LogMetric("eval/few-shot/shots_5/mean", 40, 1);
            run.LogMetric("eval/corruption/mean_corruption_top1", 50, 1);
            run.LogMetric("eval/corruption/fog/s1", 55, 1);
            run.LogMetric("eval/corruption/clean_top1", 70, 1);
            run.LogMetric("train/loss", 1.5, 1);
            run.End(RunStatus.Finished);
        }

        var report = ResultsReport.Build("rep", RunQuery.LoadFromLocalStore(store.RootDirectory, "rep"), new ReportRequest([]));

        Assert.Equal(["eval/corruption/mean_corruption_top1", Knn], report.Table.Metrics);
        var fewShot = Assert.Single(report.FewShot);
        Assert.Equal([(5.0, 40.0)], Assert.Single(fewShot.Curves).Points.Select(p => (p.X, p.Mean)));
        var corruption = Assert.Single(report.Corruption);
        Assert.Equal([(0.0, 70.0), (1.0, 55.0)], Assert.Single(corruption.Curves).Points.Select(p => (p.X, p.Mean)));
    }

    [Fact]
    public void AParentTakesOnlyItsTrials()
    {
        var store = new LocalFileStore(folder.Combine("mlruns"));
        Log(store, "infonce", 9, 10, 20);
        using var parent = store.StartLocalRun("rep", "sweep");
        using (var child = store.StartLocalRun("rep", "trial", new Dictionary<string, string> { [MlflowKeys.ParentRunIdTag] = parent.RunId }))
        {
            child.LogParam("loss.type", "infonce");
            child.LogMetric(Knn, 50, 1);
            child.End(RunStatus.Finished);
        }

        parent.End(RunStatus.Finished);
        var runs = RunQuery.LoadFromLocalStore(store.RootDirectory, "rep");

        var report = ResultsReport.Build("rep", runs, new ReportRequest(["loss.type"], [Knn], Parent: parent.RunId));
        var none = Assert.Throws<ConfigurationException>(() => ResultsReport.Build("rep", runs, new ReportRequest(["loss.type"], [Knn], Parent: "0123")));

        Assert.Equal((1, 50.0), (report.Table.Runs, report.Table.Rows[0].Cells[0].Mean));
        Assert.Contains("--parent 0123: the experiment 'rep' has no runs nested under that run", none.Message, StringComparison.Ordinal);
    }

    private static void Near(int count, double mean, double std, ComparisonGroup cell)
    {
        Assert.Equal(count, cell.Count);
        Assert.Equal(mean, cell.Mean, 10);
        Assert.Equal(std, cell.StdDev!.Value, 10);
    }

    private IReadOnlyList<RunRecord> Runs()
    {
        var store = new LocalFileStore(folder.Combine("mlruns"));
        Log(store, "infonce", 1, 70, 80);
        Log(store, "infonce", 2, 74, 81);
        Log(store, "infonce", 3, 75, 79);
        Log(store, "triplet", 1, 60, 80);
        Log(store, "triplet", 2, 66, 79);
        Log(store, "triplet", 4, 63, 90);
        Log(store, "triplet", 5, 10, 10, RunStatus.Failed);
        return RunQuery.LoadFromLocalStore(store.RootDirectory, "rep");
    }

    private static void Log(LocalFileStore store, string loss, int seed, double knn, double linear, RunStatus status = RunStatus.Finished)
    {
        using var run = store.StartLocalRun("rep", $"{loss}-{seed}");
        run.LogParam("loss.type", loss);
        run.LogParam("seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        run.LogMetric(Knn, knn, 1);
        run.LogMetric(Linear, linear, 1);
        run.End(status);
    }
}
