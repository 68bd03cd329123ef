using System.Text;

namespace SimLap.Host.Reports;

/// <summary>A report as Markdown: each chart written beside the report as <c>&lt;report&gt;-&lt;chart&gt;.png</c> and linked by its relative path.</summary>
public static class MarkdownReport
{
    /// <summary>The Markdown of <paramref name="blocks"/> for a report at <paramref name="path"/>; writes the charts' PNGs beside it.</summary>
    public static string Render(IReadOnlyList<ReportBlock> blocks, string path)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var stem = Path.GetFileNameWithoutExtension(path);
        var text = new StringBuilder();
        foreach (var block in blocks)
        {
            switch (block)
            {
                case ReportHeading heading:
                    text.Append('#', heading.Level).Append(' ').Append(heading.Text).Append("\n\n");
                    break;
                case ReportParagraph paragraph:
                    text.Append(paragraph.Text).Append("\n\n");
                    break;
                case ReportTable table:
                    text.Append(table.Table.ToMarkdown()).Append('\n');
                    break;
                case ReportChart chart:
                    var file = $"{stem}-{chart.Name}.png";
                    SimLap.Plotting.PngPlot.Save(chart.Model, Path.Combine(folder, file), chart.Width, chart.Height);
                    text.Append("![").Append(chart.Caption).Append("](").Append(file).Append(")\n\n");
                    break;
            }
        }

        return text.ToString();
    }
}
