using System.Globalization;
using System.Text;
using SimLap.Contracts.Tracking;
using SimLap.Engine.Compare;
using SimLap.Engine.Training;
using SimLap.Tracking;

namespace SimLap.Engine.Orchestration.Sweeps;

/// <summary>
/// What a sweep's parent run carries at the end: per metric the best trial's value and index (metrics
/// <c>best/&lt;metric&gt;</c> and <c>best_trial/&lt;metric&gt;</c>, tag <c>simlap.sweep.best.&lt;metric&gt;</c>), the mean and
/// standard deviation over seeds of each group of trials that differ only in <c>seed</c>
/// (<c>group/&lt;overrides&gt;/&lt;metric&gt;/mean|std|n</c>), and the comparison table as artifacts (<c>comparison.md</c>,
/// <c>comparison.csv</c>, <c>trials.csv</c>) with a bar chart per metric (<c>plots/</c>), all from the compare code
/// (<see cref="MetricTable"/>, the <c>simlap compare</c> plot).
/// </summary>
public static class SweepResults
{
    /// <summary>The metric name of a trial's final loss (the mean loss of its last epoch).</summary>
    public const string FinalLoss = MetricNames.FinalLoss;

    /// <summary>The tag prefix of the best trial of a metric.</summary>
    public const string BestTagPrefix = "simlap.sweep.best.";

    /// <summary>The parent's artifact folder of the comparison plots (one PNG per metric).</summary>
    public const string PlotFolder = "plots";

    /// <summary>
    /// Logs the results of <paramref name="outcomes"/> to <paramref name="parent"/>; the artifacts are written in
    /// <paramref name="workDirectory"/>. <paramref name="plot"/>, when given, draws one metric's comparison into a folder
    /// and returns the picture's path (null when it drew none); each picture is logged under <see cref="PlotFolder"/>.
    /// The metrics are logged at <paramref name="step"/> (a summary written again after a re-run trial takes the next).
    /// </summary>
    public static void Log(ITracker parent, string experimentName, IReadOnlyList<TrialOutcome> outcomes, string workDirectory, Func<ComparisonResult, string, string?>? plot = null, long step = 0)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(outcomes);
        var finished = outcomes.Where(o => o.Summary is not null).ToList();
        parent.LogMetric("sweep/finished", finished.Count, step);
        var metrics = Metrics(finished);
        foreach (var metric in metrics)
        {
            var lowerIsBetter = LowerIsBetter(metric);
            var candidates = finished.Where(o => double.IsFinite(Value(o, metric))).ToList();
            if (candidates.Count == 0)
            {
                continue;
            }

            var best = lowerIsBetter ? candidates.MinBy(o => Value(o, metric))! : candidates.MaxBy(o => Value(o, metric))!;
            var value = Value(best, metric);
            parent.LogMetric($"best/{metric}", value, step);
            parent.LogMetric($"best_trial/{metric}", best.Trial.Index, step);
            parent.SetTag(
                BestTagPrefix + metric,
                string.Create(CultureInfo.InvariantCulture, $"trial {best.Trial.Index} ({(best.Trial.Label.Length == 0 ? "no overrides" : best.Trial.Label)}, run {best.Summary!.RunId}): {value:G6}, {(lowerIsBetter ? "lowest" : "highest")} of {candidates.Count}"));
        }

        var table = Table(experimentName, outcomes, metrics);
        foreach (var row in table.Rows)
        {
            var group = MlflowKeys.Sanitize(table.By.Count == 0 ? "all" : string.Join(",", table.By.Select((k, i) => $"{k}_{row.Values[i]}")));
            for (var m = 0; m < table.Metrics.Count; m++)
            {
                var cell = row.Cells[m];
                if (cell.Count == 0)
                {
                    continue;
                }

                parent.LogMetric($"group/{group}/{table.Metrics[m]}/mean", cell.Mean, step);
                parent.LogMetric($"group/{group}/{table.Metrics[m]}/n", cell.Count, step);
                if (cell.StdDev is { } std)
                {
                    parent.LogMetric($"group/{group}/{table.Metrics[m]}/std", std, step);
                }
            }
        }

        WriteArtifact(parent, workDirectory, "comparison.md", Markdown(table, outcomes, metrics));
        WriteArtifact(parent, workDirectory, "comparison.csv", table.ToCsv());
        WriteArtifact(parent, workDirectory, "trials.csv", TrialsCsv(outcomes, metrics));
        foreach (var result in table.Results.Where(r => plot is not null && r.Groups.Any(g => g.Count > 0)))
        {
            if (plot!(result, workDirectory) is { } picture)
            {
                parent.LogArtifact(picture, PlotFolder);
            }
        }
    }

    /// <summary>Whether a smaller value of <paramref name="metric"/> is better (losses and errors).</summary>
    public static bool LowerIsBetter(string metric) =>
        metric.Contains("loss", StringComparison.OrdinalIgnoreCase) || metric.Contains("error", StringComparison.OrdinalIgnoreCase);

    /// <summary>The trials' results grouped by their overrides other than <c>seed</c>, with mean ± std over the seeds of each group.</summary>
    public static MetricTable Table(string experimentName, IReadOnlyList<TrialOutcome> outcomes, IReadOnlyList<string> metrics)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var by = outcomes.SelectMany(o => o.Trial.Overrides.Select(v => v.Key)).Where(k => k != "seed").Distinct(StringComparer.Ordinal).ToList();
        var records = outcomes.Select(o => new RunRecord(
            o.Summary?.RunId ?? $"trial-{o.Trial.Index}",
            $"trial {o.Trial.Index}",
            o.Summary is null ? "FAILED" : "FINISHED",
            null,
            o.Trial.Overrides.GroupBy(v => v.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Text, StringComparer.Ordinal),
            o.Summary is null ? new Dictionary<string, double>() : metrics.Where(m => double.IsFinite(Value(o, m))).ToDictionary(m => m, m => Value(o, m), StringComparer.Ordinal),
            new Dictionary<string, string>())).ToList();
        return MetricTable.Build(experimentName, records, metrics, by);
    }

    private static List<string> Metrics(IReadOnlyList<TrialOutcome> finished) =>
        [.. finished.SelectMany(o => o.Summary!.Evaluation.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal), FinalLoss];

    private static double Value(TrialOutcome outcome, string metric) =>
        outcome.Summary is not { } summary ? double.NaN
        : metric == FinalLoss ? summary.FinalLoss
        : summary.Evaluation.TryGetValue(metric, out var value) ? value : double.NaN;

    private static string Markdown(MetricTable table, IReadOnlyList<TrialOutcome> outcomes, IReadOnlyList<string> metrics)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# {table.Experiment}: sweep of {outcomes.Count} trials\n\n");
        text.Append(table.By.Count == 0
            ? "Mean ± sample standard deviation over all trials (n = trials with the metric).\n\n"
            : $"Trials grouped by {string.Join(", ", table.By)}: mean ± sample standard deviation over the seeds of each group (n = trials).\n\n");
        text.Append(table.ToMarkdown()).Append("\n## Trials\n\n");
        var headers = new[] { "trial", "overrides", "status", "run id" }.Concat(metrics).ToList();
        text.Append("| ").AppendJoin(" | ", headers).Append(" |\n|").AppendJoin('|', headers.Select(_ => " --- ")).Append("|\n");
        foreach (var outcome in outcomes)
        {
            var cells = new[] { outcome.Trial.Index.ToString(CultureInfo.InvariantCulture), outcome.Trial.Label, outcome.Summary is null ? "failed" : "finished", outcome.Summary?.RunId ?? string.Empty }
                .Concat(metrics.Select(m => MetricTable.Number(Value(outcome, m))));
            text.Append("| ").AppendJoin(" | ", cells.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal))).Append(" |\n");
        }

        return text.ToString();
    }

    private static string TrialsCsv(IReadOnlyList<TrialOutcome> outcomes, IReadOnlyList<string> metrics)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', new[] { "trial", "overrides", "status", "run_id" }.Concat(metrics).Select(MetricTable.CsvField)).Append('\n');
        foreach (var outcome in outcomes)
        {
            var cells = new[] { outcome.Trial.Index.ToString(CultureInfo.InvariantCulture), outcome.Trial.Label, outcome.Summary is null ? "FAILED" : "FINISHED", outcome.Summary?.RunId ?? string.Empty }
                .Concat(metrics.Select(m => MetricTable.Raw(Value(outcome, m))));
            text.AppendJoin(',', cells.Select(MetricTable.CsvField)).Append('\n');
        }

        return text.ToString();
    }

    private static void WriteArtifact(ITracker parent, string folder, string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        parent.LogArtifact(path);
    }
}
