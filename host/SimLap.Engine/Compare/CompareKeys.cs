using SimLap.Engine.Configuration;
using SimLap.Tracking;

namespace SimLap.Engine.Compare;

/// <summary>
/// Checks the metrics and <c>--by</c> keys of a comparison against the keys the runs actually have, so a typo is an
/// error with a did-you-mean rather than a table of empty rows.
/// </summary>
public static class CompareKeys
{
    /// <summary>Splits a comma-separated <c>--metric</c> list; none gives <see cref="RunComparison.DefaultMetric"/>.</summary>
    public static IReadOnlyList<string> ParseMetrics(string? metrics)
    {
        var list = RunComparison.ParseBy(metrics);
        return list.Count == 0 ? [RunComparison.DefaultMetric] : list.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Throws a <see cref="ConfigurationException"/> naming every metric no run logged and every grouping key no run
    /// has (as a param, a tag or an attribute), each with the nearest key the runs have.
    /// </summary>
    public static void Check(string experiment, IReadOnlyList<RunRecord> runs, IReadOnlyList<string> metrics, IReadOnlyList<string> by)
    {
        ArgumentNullException.ThrowIfNull(runs);

        // A sweep's parent holds summaries, not a trial: its keys would pass the check and still give empty rows.
        var parents = runs.Select(r => r.Tags.GetValueOrDefault(MlflowKeys.ParentRunIdTag)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        runs = runs.Where(r => !parents.Contains(r.RunId)).ToList();
        var problems = new List<string>();
        var metricKeys = runs.SelectMany(r => r.Metrics.Keys).ToHashSet(StringComparer.Ordinal);
        foreach (var metric in metrics.Where(m => !metricKeys.Contains(m)))
        {
            problems.Add($"--metric '{metric}': no run of experiment '{experiment}' logged this metric.{Suggest.DidYouMean(metric, metricKeys)}{Listing("metrics", metricKeys)}");
        }

        var groupKeys = runs.SelectMany(r => r.Params.Keys.Concat(r.Tags.Keys.Select(t => "tags." + t))).ToHashSet(StringComparer.Ordinal);
        foreach (var key in by.Where(k => !runs.Any(r => RunComparison.Value(r, k) is not null)))
        {
            problems.Add($"--by '{key}': no run of experiment '{experiment}' has this param or tag.{Suggest.DidYouMean(key, groupKeys)} Params are named as in resolved.yaml (loss.type, train.epochs); tags take a tags. prefix.");
        }

        if (problems.Count > 0)
        {
            throw new ConfigurationException(problems);
        }
    }

    private static string Listing(string what, IReadOnlyCollection<string> keys)
    {
        const int Shown = 12;
        if (keys.Count == 0)
        {
            return $" The runs have no {what}.";
        }

        var sorted = keys.Order(StringComparer.Ordinal).ToList();
        return $" The runs have {keys.Count} {what}: {string.Join(", ", sorted.Take(Shown))}{(sorted.Count > Shown ? ", ..." : string.Empty)}.";
    }
}
