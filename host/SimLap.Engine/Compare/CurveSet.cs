using System.Globalization;
using System.Text.RegularExpressions;
using SimLap.Tracking;

namespace SimLap.Engine.Compare;

/// <summary>
/// Curves over runs for <c>simlap report</c>: few-shot accuracy against shots per class (from the few-shot
/// evaluator's <c>eval/few-shot[/&lt;set&gt;]/shots_K/mean</c>) and accuracy against corruption severity (from the
/// corruption evaluator's <c>eval/corruption[/&lt;set&gt;]/&lt;corruption&gt;/sN</c>, averaged over the corruptions, with
/// <c>clean_top1</c> as severity 0); each group's runs (seeds) give a mean ± std per point.
/// </summary>
/// <param name="Title">What the curves show (with the transfer set, if any).</param>
/// <param name="XTitle">The x axis.</param>
/// <param name="YTitle">The y axis.</param>
/// <param name="Curves">One curve per group.</param>
/// <param name="LogX">Whether x is drawn on a log scale (shots).</param>
public sealed partial record CurveSet(string Title, string XTitle, string YTitle, IReadOnlyList<GroupCurve> Curves, bool LogX)
{
    /// <summary>The few-shot curves, one set per evaluated data set (none when no run has few-shot metrics).</summary>
    public static IReadOnlyList<CurveSet> FewShot(IReadOnlyList<RunRecord> runs, IReadOnlyList<string> by) =>
        Build(runs, by, FewShotPattern(), "Few-shot linear probe", "labelled examples per class (shots)", "test top-1 accuracy (%)", true);

    /// <summary>The corruption-severity curves, one set per evaluated data set (none when no run has corruption metrics).</summary>
    public static IReadOnlyList<CurveSet> Corruption(IReadOnlyList<RunRecord> runs, IReadOnlyList<string> by) =>
        Build(runs, by, CorruptionPattern(), "Accuracy under corruption (mean over corruptions)", "severity (0 = clean)", "test top-1 accuracy (%)", false);

    /// <summary>The mean ± std (n) of each point of each curve as a table (rows: groups, columns: x).</summary>
    public TextTable ToText(string xName)
    {
        var xs = Curves.SelectMany(c => c.Points.Select(p => p.X)).Distinct().Order().ToList();
        var headers = xs.Select(x => $"{xName} {x.ToString(CultureInfo.InvariantCulture)}").Prepend("group").ToList();
        var rows = Curves.Select(curve => (IReadOnlyList<string>)xs.Select(x => curve.Points.FirstOrDefault(p => p.X == x) is { } p
                ? string.Create(CultureInfo.InvariantCulture, $"{p.Mean:F2} ± {p.StdDev:F2} (n={p.Count})")
                : "-").Prepend(curve.Label).ToList())
            .ToList();
        return new TextTable(headers, rows, 1);
    }

    /// <summary>The mean ± std of each point of each curve as a Markdown table (rows: groups, columns: x).</summary>
    public string ToMarkdown(string xName) => ToText(xName).ToMarkdown();

    private static List<CurveSet> Build(
        IReadOnlyList<RunRecord> runs, IReadOnlyList<string> by, Regex pattern, string title, string xTitle, string yTitle, bool logX)
    {
        // Per run and data set: x -> the run's value (corruptions averaged per severity).
        var perRun = new Dictionary<string, List<(RunRecord Run, SortedDictionary<double, double> Points)>>(StringComparer.Ordinal);
        foreach (var run in Trials(runs))
        {
            var sums = new Dictionary<string, SortedDictionary<double, (double Sum, int Count)>>(StringComparer.Ordinal);
            foreach (var (key, value) in run.Metrics)
            {
                var match = pattern.Match(key);
                if (!match.Success || !double.IsFinite(value))
                {
                    continue;
                }

                var prefix = match.Groups["set"].Value.TrimEnd('/');
                var x = match.Groups["x"].Success ? double.Parse(match.Groups["x"].Value, CultureInfo.InvariantCulture) : 0;
                var points = sums.TryGetValue(prefix, out var found) ? found : sums[prefix] = [];
                var (sum, count) = points.GetValueOrDefault(x);
                points[x] = (sum + value, count + 1);
            }

            foreach (var (prefix, points) in sums)
            {
                var list = perRun.TryGetValue(prefix, out var l) ? l : perRun[prefix] = [];
                list.Add((run, new SortedDictionary<double, double>(points.ToDictionary(p => p.Key, p => p.Value.Sum / p.Value.Count))));
            }
        }

        return perRun.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new CurveSet(
            p.Key.Length == 0 ? title : $"{title}: {p.Key}",
            xTitle,
            yTitle,
            p.Value.GroupBy(r => by.Count == 0 ? "all" : string.Join(", ", by.Select(k => RunComparison.Value(r.Run, k) ?? RunComparison.Missing)), StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new GroupCurve(g.Key, Aggregate(g.Select(r => r.Points).ToList())))
                .ToList(),
            logX)).ToList();
    }

    private static List<CurvePoint> Aggregate(IReadOnlyList<SortedDictionary<double, double>> runs) =>
        runs.SelectMany(r => r.Keys).Distinct().Order().Select(x =>
        {
            var values = runs.Where(r => r.ContainsKey(x)).Select(r => r[x]).ToList();
            var mean = values.Average();
            var std = values.Count > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)) : 0;
            return new CurvePoint(x, mean, std, values.Count);
        }).ToList();

    /// <summary>Finished runs that are not a sweep's parent.</summary>
    private static IEnumerable<RunRecord> Trials(IReadOnlyList<RunRecord> runs)
    {
        var parents = runs.Select(r => r.Tags.GetValueOrDefault(MlflowKeys.ParentRunIdTag)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return runs.Where(r => !parents.Contains(r.RunId) && r.Status == "FINISHED");
    }

    [GeneratedRegex(@"^eval/few-shot/(?<set>.+/)?shots_(?<x>[0-9]+)/mean$")]
    private static partial Regex FewShotPattern();

    [GeneratedRegex(@"^eval/corruption/(?<set>.+/)?(?:clean_top1|[A-Za-z0-9_-]+/s(?<x>[0-9]+))$")]
    private static partial Regex CorruptionPattern();
}
