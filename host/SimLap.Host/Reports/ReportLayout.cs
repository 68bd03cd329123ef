using System.Globalization;
using SimLap.Engine.Compare;
using SimLap.Plotting;

namespace SimLap.Host.Reports;

/// <summary>
/// The blocks of a results report, in order: the title and what was compared; the table of the metrics per group with
/// a bar chart per metric; the paired differences from the baseline group; the few-shot and corruption-severity
/// curves, each with its table. The same blocks make the Markdown and the HTML report.
/// </summary>
public static class ReportLayout
{
    /// <summary>The blocks of <paramref name="report"/>, generated at <paramref name="generated"/> (UTC).</summary>
    public static IReadOnlyList<ReportBlock> Blocks(ResultsReport report, DateTime generated)
    {
        ArgumentNullException.ThrowIfNull(report);
        var table = report.Table;
        var by = report.Request.By;
        var blocks = new List<ReportBlock>
        {
            new ReportHeading(1, table.Experiment),
            new ReportParagraph(
                $"{table.Runs} runs{(report.Request.Parent is { } parent ? $" of sweep {parent}" : string.Empty)}"
                + (by.Count == 0 ? ", all in one group" : $", grouped by {string.Join(", ", by.Select(k => $"`{k}`"))}")
                + (table.Skipped > 0 ? $"; {table.Skipped} unfinished runs left out" : string.Empty)
                + string.Create(CultureInfo.InvariantCulture, $". Generated {generated:yyyy-MM-dd HH:mm} UTC by `simlap report`.")),
            new ReportHeading(2, "Results"),
            new ReportParagraph("Each cell is the mean ± sample standard deviation over the group's runs (seeds); n is the number of runs."),
            new ReportTable(table.ToText(report.Request.Labels, report.Request.Decimals ?? [MetricTable.DefaultDecimals])),
        };
        foreach (var result in table.Results)
        {
            if (ComparePlot.Chart(result) is { } chart)
            {
                blocks.Add(new ReportHeading(3, result.Metric));
                blocks.Add(new ReportChart(Slug(result.Metric), $"{result.Metric}: mean ± std per group", chart.Model, chart.Width, ComparePlot.Height));
            }
        }

        Paired(blocks, report);
        Curves(blocks, report.FewShot, "shots");
        Curves(blocks, report.Corruption, "severity");
        return blocks;
    }

    /// <summary>A chart's file-name part: lower-case letters and digits, runs of anything else as one '-'.</summary>
    public static string Slug(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var slug = new string(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
        while (slug.Contains("--", StringComparison.Ordinal))
        {
            slug = slug.Replace("--", "-", StringComparison.Ordinal);
        }

        return slug.Trim('-');
    }

    private static void Paired(List<ReportBlock> blocks, ResultsReport report)
    {
        if (report.Baseline is not { } baseline)
        {
            return;
        }

        var label = PairedComparison.Label(baseline.Values);
        blocks.Add(new ReportHeading(2, $"Paired differences against {label}"));
        blocks.Add(new ReportParagraph(
            $"Each cell is the mean ± sample standard deviation of (group − `{label}`) over the runs of both groups that share a value of `{report.Request.PairKey}` "
            + "(runs of one group with the same value averaged first); n is the number of pairs. \"exceeds spread\" means the mean difference is larger "
            + "than the standard deviation of the differences; \"within spread\" means it is not, and the groups cannot be told apart on these seeds."));
        blocks.Add(new ReportTable(PairedComparison.ToText(report.Table, report.Paired)));
        var unpaired = report.Paired.Where(d => d.Unpaired > 0).ToList();
        if (unpaired.Count > 0)
        {
            blocks.Add(new ReportParagraph(
                "Left out for want of a baseline run with the same value: "
                + string.Join("; ", unpaired.Select(d => $"{PairedComparison.Label(d.Group)} on `{d.Metric}`: {d.Unpaired}")) + "."));
        }
    }

    private static void Curves(List<ReportBlock> blocks, IReadOnlyList<CurveSet> sets, string xName)
    {
        foreach (var set in sets)
        {
            blocks.Add(new ReportHeading(2, set.Title));
            blocks.Add(new ReportChart(Slug(set.Title), $"{set.Title}: mean ± std per group", CurvePlot.Model(set), PlotFile.Width, PlotFile.Height));
            blocks.Add(new ReportTable(set.ToText(xName)));
        }
    }
}
