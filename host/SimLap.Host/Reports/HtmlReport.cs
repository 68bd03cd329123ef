using System.Text;
using System.Text.RegularExpressions;
using SimLap.Plotting;

namespace SimLap.Host.Reports;

/// <summary>A report as one self-contained HTML file: the charts embedded as base64 PNGs, a small style sheet inline.</summary>
public static partial class HtmlReport
{
    private const string Style =
        "body{font-family:system-ui,sans-serif;max-width:70em;margin:2em auto;padding:0 1em;color:#222}"
        + "table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:.3em .7em}th{background:#f3f3f3}"
        + "td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}img{max-width:100%}code{background:#f3f3f3;padding:0 .2em}";

    /// <summary>The HTML document of <paramref name="blocks"/>.</summary>
    public static string Render(IReadOnlyList<ReportBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        var title = blocks.OfType<ReportHeading>().FirstOrDefault()?.Text ?? "simlap report";
        var text = new StringBuilder();
        text.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(Encode(title)).Append("</title>\n")
            .Append("<style>").Append(Style).Append("</style>\n</head>\n<body>\n");
        foreach (var block in blocks)
        {
            switch (block)
            {
                case ReportHeading heading:
                    text.Append($"<h{heading.Level}>").Append(Encode(heading.Text)).Append($"</h{heading.Level}>\n");
                    break;
                case ReportParagraph paragraph:
                    text.Append("<p>").Append(Inline(paragraph.Text)).Append("</p>\n");
                    break;
                case ReportTable table:
                    AppendTable(text, table);
                    break;
                case ReportChart chart:
                    var png = Convert.ToBase64String(PngPlot.Encode(chart.Model, chart.Width, chart.Height));
                    text.Append("<figure><img alt=\"").Append(Encode(chart.Caption)).Append("\" src=\"data:image/png;base64,").Append(png).Append("\"></figure>\n");
                    break;
            }
        }

        return text.Append("</body>\n</html>\n").ToString();
    }

    private static void AppendTable(StringBuilder text, ReportTable block)
    {
        var table = block.Table;
        string Cell(string tag, string value, int column) =>
            $"<{tag}{(column >= table.KeyColumns ? " class=\"num\"" : string.Empty)}>{Encode(value)}</{tag}>";
        text.Append("<table>\n<thead><tr>").AppendJoin(string.Empty, table.Headers.Select((h, i) => Cell("th", h, i))).Append("</tr></thead>\n<tbody>\n");
        foreach (var row in table.Rows)
        {
            text.Append("<tr>").AppendJoin(string.Empty, row.Select((c, i) => Cell("td", c, i))).Append("</tr>\n");
        }

        text.Append("</tbody>\n</table>\n");
    }

    /// <summary>
    /// Text with the characters HTML reserves escaped, and only those: the file is UTF-8, so ± and Δ stay readable in
    /// the source (WebUtility.HtmlEncode would write them as numeric entities).
    /// </summary>
    private static string Encode(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);

    /// <summary>Encoded text with <c>`code`</c> spans as &lt;code&gt;.</summary>
    private static string Inline(string text) => CodeSpan().Replace(Encode(text), "<code>$1</code>");

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex CodeSpan();
}
