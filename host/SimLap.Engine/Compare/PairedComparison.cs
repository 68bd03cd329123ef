using System.Globalization;
using SimLap.Engine.Configuration;

namespace SimLap.Engine.Compare;

/// <summary>
/// Each group of a <see cref="MetricTable"/> against a baseline group over the same seeds (<see cref="PairedDifference"/>):
/// runs are paired by the value of a key (the seed param by default), so that the seed-to-seed variation both groups
/// share drops out of the difference.
/// </summary>
public static class PairedComparison
{
    /// <summary>The param runs are paired by unless another is given.</summary>
    public const string DefaultPairKey = "seed";

    /// <summary>A group's name as <c>--baseline</c> takes it: its values of the grouping keys, comma-separated.</summary>
    public static string Label(IReadOnlyList<string> values) => string.Join(",", values);

    /// <summary>The row of <paramref name="table"/> that <paramref name="baseline"/> names (<c>infonce</c>, or <c>infonce,arbitrary</c> for two keys).</summary>
    /// <exception cref="ConfigurationException">The table has no grouping key, or no group has these values (with the nearest group).</exception>
    public static MetricTableRow FindBaseline(MetricTable table, string baseline) => FindGroup(table, baseline, "--baseline", "with nothing to compare it to");

    /// <summary>The row of <paramref name="table"/> that <paramref name="group"/> names, for the option <paramref name="option"/> (in messages).</summary>
    /// <exception cref="ConfigurationException">The table has no grouping key, or no group has these values (with the nearest group).</exception>
    public static MetricTableRow FindGroup(MetricTable table, string group, string option, string whyGroupsAreNeeded = "so there is one group only")
    {
        ArgumentNullException.ThrowIfNull(table);
        var baseline = group;
        if (table.By.Count == 0)
        {
            throw new ConfigurationException($"{option} '{baseline}' needs --by: without grouping keys every run is in one group, {whyGroupsAreNeeded}.");
        }

        var wanted = RunComparison.ParseBy(baseline);
        var row = table.Rows.FirstOrDefault(r => r.Values.SequenceEqual(wanted, StringComparer.Ordinal));
        if (row is not null)
        {
            return row;
        }

        var labels = table.Rows.Select(r => Label(r.Values)).ToList();
        throw new ConfigurationException(
            $"{option} '{baseline}': no group of experiment '{table.Experiment}' has these values of {string.Join(",", table.By)}.{Suggest.DidYouMean(Label(wanted), labels)} The groups are: {string.Join("; ", labels)}.");
    }

    /// <summary>The difference of every other row from <paramref name="baseline"/>, per metric (metric order, then row order).</summary>
    /// <param name="table">The table.</param>
    /// <param name="runs">The runs the table was built from.</param>
    /// <param name="baseline">The baseline row (from <see cref="FindBaseline"/>).</param>
    /// <param name="pairKey">The param (or tag) runs are paired by; runs without it are left out.</param>
    public static IReadOnlyList<PairedDifference> Against(MetricTable table, IReadOnlyList<RunRecord> runs, MetricTableRow baseline, string pairKey = DefaultPairKey)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(baseline);
        var byId = runs.GroupBy(r => r.RunId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var result = new List<PairedDifference>();
        for (var m = 0; m < table.Metrics.Count; m++)
        {
            var metric = table.Metrics[m];
            var reference = PerPair(baseline.Cells[m].RunIds, byId, metric, pairKey);
            foreach (var row in table.Rows.Where(r => !ReferenceEquals(r, baseline)))
            {
                var values = PerPair(row.Cells[m].RunIds, byId, metric, pairKey);
                var differences = values.Where(v => reference.ContainsKey(v.Key)).Select(v => v.Value - reference[v.Key]).ToList();
                result.Add(Summarise(metric, row.Values, differences, values.Count - differences.Count));
            }
        }

        return result;
    }

    /// <summary>The differences as a table: the grouping keys, then one <c>Δ metric</c> column per metric.</summary>
    public static TextTable ToText(MetricTable table, IReadOnlyList<PairedDifference> differences)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(differences);
        var headers = table.KeyHeaders.Concat(table.Metrics.Select(m => $"Δ {m}")).ToList();
        var rows = differences.GroupBy(d => Label(d.Group), StringComparer.Ordinal)
            .Select(g => (IReadOnlyList<string>)[.. g.First().Group, .. table.Metrics.Select(m => Cell(g.FirstOrDefault(d => d.Metric == m)))])
            .ToList();
        return new TextTable(headers, rows, table.KeyHeaders.Count);
    }

    /// <summary>A difference's cell: <c>+mean ± std (n=k, exceeds spread)</c>, <c>-</c> without pairs.</summary>
    public static string Cell(PairedDifference? difference)
    {
        if (difference is null || difference.Pairs == 0)
        {
            return "-";
        }

        var mean = difference.Mean.ToString("+0.0000;-0.0000;0.0000", CultureInfo.InvariantCulture);
        var n = difference.Pairs.ToString(CultureInfo.InvariantCulture);
        return difference.StdDev is { } std
            ? $"{mean} ± {MetricTable.Number(std)} (n={n}, {(difference.ExceedsSpread ? "exceeds spread" : "within spread")})"
            : $"{mean} (n={n})";
    }

    /// <summary>Each pair key's value of the metric over <paramref name="runIds"/> (runs sharing a seed averaged).</summary>
    private static Dictionary<string, double> PerPair(IReadOnlyList<string> runIds, IReadOnlyDictionary<string, RunRecord> byId, string metric, string pairKey) =>
        runIds.Select(id => byId.GetValueOrDefault(id))
            .OfType<RunRecord>()
            .Where(r => r.Metrics.TryGetValue(metric, out var v) && double.IsFinite(v) && RunComparison.Value(r, pairKey) is not null)
            .GroupBy(r => RunComparison.Value(r, pairKey)!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Average(r => r.Metrics[metric]), StringComparer.Ordinal);

    private static PairedDifference Summarise(string metric, IReadOnlyList<string> group, IReadOnlyList<double> differences, int unpaired)
    {
        if (differences.Count == 0)
        {
            return new PairedDifference(metric, group, 0, double.NaN, null, unpaired);
        }

        var mean = differences.Average();
        double? std = differences.Count < 2 ? null : Math.Sqrt(differences.Sum(d => (d - mean) * (d - mean)) / (differences.Count - 1));
        return new PairedDifference(metric, group, differences.Count, mean, std, unpaired);
    }
}
