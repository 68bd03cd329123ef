using SimLap.Engine.Configuration;
using SimLap.Engine.Training;

namespace SimLap.Engine.Compare;

/// <summary>
/// The content of <c>simlap report</c>, from the runs of any store: the grouped table (mean ± std, n), the paired
/// differences from a baseline group, and the few-shot and corruption-severity curves aggregated over seeds. The host
/// lays it out as Markdown or HTML with charts.
/// </summary>
/// <param name="Table">The metrics per group.</param>
/// <param name="Request">What was asked for.</param>
/// <param name="Baseline">The baseline row, when one was asked for.</param>
/// <param name="Paired">Each other group's difference from the baseline, per metric (empty without a baseline).</param>
/// <param name="FewShot">The few-shot curves, one set per evaluated data set.</param>
/// <param name="Corruption">The corruption-severity curves, one set per evaluated data set.</param>
public sealed record ResultsReport(
    MetricTable Table,
    ReportRequest Request,
    MetricTableRow? Baseline,
    IReadOnlyList<PairedDifference> Paired,
    IReadOnlyList<CurveSet> FewShot,
    IReadOnlyList<CurveSet> Corruption)
{
    /// <summary>Builds the report of <paramref name="runs"/> of <paramref name="experiment"/>.</summary>
    /// <exception cref="ConfigurationException">An unknown metric, grouping key, pair key or baseline group, or a parent without runs (each with the nearest the runs have).</exception>
    public static ResultsReport Build(string experiment, IReadOnlyList<RunRecord> runs, ReportRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Parent is { } parent)
        {
            runs = RunQuery.NestedUnder(runs, parent, experiment);
        }

        var metrics = request.Metrics ?? DefaultMetrics(runs);
        CompareKeys.Check(experiment, runs, metrics, request.By);
        var table = MetricTable.Build(experiment, runs, metrics, request.By, request.FinishedOnly);
        foreach (var group in (request.Labels?.Keys ?? []).Where(k => !metrics.Contains(k, StringComparer.Ordinal)))
        {
            PairedComparison.FindGroup(table, group, "--label");
        }

        var baseline = request.Baseline is null ? null : PairedComparison.FindBaseline(table, request.Baseline);
        if (baseline is not null && !runs.Any(r => RunComparison.Value(r, request.PairKey) is not null))
        {
            var keys = runs.SelectMany(r => r.Params.Keys).Distinct(StringComparer.Ordinal);
            throw new ConfigurationException(
                $"--pair-by '{request.PairKey}': no run of experiment '{experiment}' has this param or tag, so no runs pair up with the baseline's.{Suggest.DidYouMean(request.PairKey, keys)}");
        }

        var paired = baseline is null ? [] : PairedComparison.Against(table, runs, baseline, request.PairKey);
        return new ResultsReport(table, request with { Metrics = metrics }, baseline, paired, CurveSet.FewShot(runs, request.By), CurveSet.Corruption(runs, request.By));
    }

    /// <summary>The headline eval metrics the runs logged: not the few-shot and per-severity points, which are drawn as curves.</summary>
    public static IReadOnlyList<string> DefaultMetrics(IReadOnlyList<RunRecord> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var fewShot = MetricNames.EvaluatorPrefix("few-shot");
        var corruption = MetricNames.EvaluatorPrefix("corruption");
        var keys = runs.SelectMany(r => r.Metrics.Keys).Distinct(StringComparer.Ordinal)
            .Where(k => k.StartsWith(MetricNames.EvalPrefix, StringComparison.Ordinal) && !k.StartsWith(fewShot, StringComparison.Ordinal)
                && !(k.StartsWith(corruption, StringComparison.Ordinal) && (k.Count(c => c == '/') > 2 || k.EndsWith("clean_top1", StringComparison.Ordinal))))
            .Order(StringComparer.Ordinal).ToList();
        return keys.Count > 0 ? keys : [RunComparison.DefaultMetric];
    }
}
