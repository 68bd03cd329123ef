using System.Globalization;
using System.Text;

namespace SimLap.Engine.Compare;

/// <summary>
/// Runs grouped by params with several metrics side by side (mean ± std and n per metric), the table of
/// <c>simlap compare --metric a,b</c>, <c>simlap report</c> and a sweep parent's summary; as Markdown or CSV.
/// </summary>
/// <param name="Experiment">The experiment's name.</param>
/// <param name="Metrics">The metrics, in column order.</param>
/// <param name="By">The grouping keys.</param>
/// <param name="Rows">The groups, ordered by the first metric's mean (descending).</param>
/// <param name="Results">The comparison of each metric, in column order.</param>
public sealed record MetricTable(string Experiment, IReadOnlyList<string> Metrics, IReadOnlyList<string> By, IReadOnlyList<MetricTableRow> Rows, IReadOnlyList<ComparisonResult> Results)
{
    /// <summary>The decimals of a table's numbers unless asked otherwise.</summary>
    public const int DefaultDecimals = 4;

    /// <summary>The header of the label column of a labelled table.</summary>
    public const string LabelHeader = "method";

    /// <summary>Runs compared (after the status filter).</summary>
    public int Runs => Results.Count == 0 ? 0 : Results[0].Runs;

    /// <summary>Runs left out because they did not finish.</summary>
    public int Skipped => Results.Count == 0 ? 0 : Results[0].Skipped;

    /// <summary>Compares <paramref name="runs"/> on each of <paramref name="metrics"/>, grouped by <paramref name="by"/>.</summary>
    public static MetricTable Build(string experiment, IReadOnlyList<RunRecord> runs, IReadOnlyList<string> metrics, IReadOnlyList<string> by, bool finishedOnly = true)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var results = metrics.Select(m => RunComparison.Compare(experiment, runs, m, by, finishedOnly)).ToList();
        var rows = new List<MetricTableRow>();
        if (results.Count > 0)
        {
            var byKey = results.Select(r => r.Groups.ToDictionary(Key, StringComparer.Ordinal)).ToList();
            foreach (var group in results[0].Groups)
            {
                rows.Add(new MetricTableRow(group.Values, group.RunIds.Count, byKey.Select(d => d[Key(group)]).ToList()));
            }
        }

        return new MetricTable(experiment, metrics, by, rows, results);
    }

    /// <summary>The grouping columns' headers (one <c>runs</c> column when there is no grouping key).</summary>
    public IReadOnlyList<string> KeyHeaders => By.Count == 0 ? ["runs"] : By;

    /// <summary>A row's grouping values (<c>all</c> when there is no grouping key).</summary>
    public IReadOnlyList<string> KeyValues(MetricTableRow row) => By.Count == 0 ? ["all"] : row.Values;

    /// <summary>A metric's cell: <c>mean ± std</c> (the mean alone for one run, <c>-</c> for none), with its own n when fewer runs of the row have it.</summary>
    public static string Cell(ComparisonGroup group, int runs) => Cell(group, runs, DefaultDecimals);

    /// <summary>A metric's cell as <see cref="Cell(ComparisonGroup, int)"/>, with <paramref name="decimals"/> decimals.</summary>
    public static string Cell(ComparisonGroup group, int runs, int decimals)
    {
        ArgumentNullException.ThrowIfNull(group);
        if (group.Count == 0)
        {
            return "-";
        }

        var text = group.StdDev is { } std ? $"{Number(group.Mean, decimals)} ± {Number(std, decimals)}" : Number(group.Mean, decimals);
        return group.Count < runs ? $"{text} (n={group.Count.ToString(CultureInfo.InvariantCulture)})" : text;
    }

    /// <summary>The table as text cells: the grouping keys, n, and one <c>mean ± std</c> column per metric.</summary>
    public TextTable ToText() => ToText(null, [DefaultDecimals]);

    /// <summary>
    /// The table as text cells, metric i with <paramref name="decimals"/>[i] decimals (the last entry for the metrics
    /// after it). <paramref name="labels"/> maps a metric to its column's header, and a group (its <c>--by</c> values
    /// comma-separated) to its label: with any group label, one <see cref="LabelHeader"/> column replaces the grouping
    /// keys, holding each group's label (its values, for a group without one).
    /// </summary>
    public TextTable ToText(IReadOnlyDictionary<string, string>? labels, IReadOnlyList<int> decimals)
    {
        ArgumentNullException.ThrowIfNull(decimals);
        labels ??= new Dictionary<string, string>();
        var labelled = labels.Keys.Any(k => !Metrics.Contains(k, StringComparer.Ordinal));
        IReadOnlyList<string> keyHeaders = labelled ? [LabelHeader] : KeyHeaders;
        var headers = keyHeaders.Concat(["n"]).Concat(Metrics.Select(m => labels.GetValueOrDefault(m) ?? m)).ToList();
        var rows = Rows.Select(row => (IReadOnlyList<string>)(labelled ? [labels.GetValueOrDefault(string.Join(",", row.Values)) ?? string.Join(", ", row.Values)] : KeyValues(row))
            .Concat([row.Runs.ToString(CultureInfo.InvariantCulture)])
            .Concat(row.Cells.Select((c, i) => Cell(c, row.Runs, decimals.Count == 0 ? DefaultDecimals : decimals[Math.Min(i, decimals.Count - 1)]))).ToList()).ToList();
        return new TextTable(headers, rows, keyHeaders.Count);
    }

    /// <summary>The table as GitHub Markdown: the grouping keys, n, and one <c>mean ± std</c> column per metric.</summary>
    public string ToMarkdown() => ToText().ToMarkdown();

    /// <summary>The table as CSV: the grouping keys, n, and per metric its mean, std, n, min and max (full precision).</summary>
    public string ToCsv()
    {
        var headers = KeyHeaders.Concat(["n"]).Concat(Metrics.SelectMany(m => new[] { $"{m} mean", $"{m} std", $"{m} n", $"{m} min", $"{m} max" }));
        var text = new StringBuilder();
        text.AppendJoin(',', headers.Select(CsvField)).Append('\n');
        foreach (var row in Rows)
        {
            var cells = KeyValues(row).Select(CsvField).Concat([row.Runs.ToString(CultureInfo.InvariantCulture)])
                .Concat(row.Cells.SelectMany(c => new[] { Raw(c.Mean), c.StdDev is { } s ? Raw(s) : string.Empty, c.Count.ToString(CultureInfo.InvariantCulture), Raw(c.Min), Raw(c.Max) }));
            text.AppendJoin(',', cells).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>A value for a table: four decimals, <c>-</c> for NaN.</summary>
    public static string Number(double value) => Number(value, DefaultDecimals);

    /// <summary>A value for a table with <paramref name="decimals"/> decimals, <c>-</c> for NaN.</summary>
    public static string Number(double value, int decimals) => double.IsNaN(value) ? "-" : value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>A value for CSV: full precision, empty for NaN.</summary>
    public static string Raw(double value) => double.IsNaN(value) ? string.Empty : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A CSV field, quoted when it holds a comma, quote or line break.</summary>
    public static string CsvField(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static string Key(ComparisonGroup group) => string.Join('\u001f', group.Values);
}
