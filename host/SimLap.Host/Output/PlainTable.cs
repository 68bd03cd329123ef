using System.Text;

namespace SimLap.Host.Output;

/// <summary>
/// A table as plain text for a pipe or a file: no wider than the width it is given (a single token longer than the
/// width aside), and never a cut token or header. Aligned columns when they fit; else the same with the widest column
/// wrapped at spaces; else one block of <c>header: value</c> lines per row.
/// </summary>
internal static class PlainTable
{
    private const string Gap = "  ";

    /// <summary>The narrowest room a wrapped column is given before the list layout is used instead.</summary>
    private const int NarrowestWrap = 16;

    /// <summary>Lays out <paramref name="rows"/> under <paramref name="headers"/> (empty headers: no header line) in <paramref name="width"/> columns.</summary>
    /// <param name="title">A line above the table, wrapped at spaces; null for none.</param>
    /// <param name="headers">The column headers.</param>
    /// <param name="right">Whether each column is right-aligned.</param>
    /// <param name="rows">The cells, one list per row, as wide as <paramref name="headers"/>.</param>
    /// <param name="width">The width to fit in (COLUMNS).</param>
    public static string Render(string? title, IReadOnlyList<string> headers, IReadOnlyList<bool> right, IReadOnlyList<IReadOnlyList<string>> rows, int width)
    {
        var cells = rows.Select(r => (IReadOnlyList<string>)r.Select(c => c.ReplaceLineEndings(" ").Trim()).ToList()).ToList();
        var text = new StringBuilder();
        if (!string.IsNullOrWhiteSpace(title))
        {
            AppendLines(text, Wrap(title, width));
        }

        if (headers.Count == 0)
        {
            return text.ToString();
        }

        var widths = Enumerable.Range(0, headers.Count).Select(i => cells.Select(r => r[i].Length).Append(headers[i].Length).Max()).ToArray();
        var total = widths.Sum() + (Gap.Length * Math.Max(0, headers.Count - 1));
        if (total <= width)
        {
            Aligned(text, headers, right, cells, widths, -1);
        }
        else if (WrappedColumn(headers, cells, widths, width) is { } column)
        {
            Aligned(text, headers, right, cells, widths, column);
        }
        else
        {
            // A blank line closes the last block, as between blocks, so that what follows is not read as part of it.
            List(text, headers, cells, width);
            text.Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The column to wrap so that the others fit (its width set in <paramref name="widths"/>), or null when none can be.</summary>
    private static int? WrappedColumn(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> cells, int[] widths, int width)
    {
        var column = Array.IndexOf(widths, widths.Max());
        var room = width - (widths.Sum() - widths[column]) - (Gap.Length * (headers.Count - 1));
        var longestToken = cells.Select(r => r[column]).Append(headers[column]).SelectMany(Tokens).Select(t => t.Length).DefaultIfEmpty(0).Max();
        if (room < Math.Max(NarrowestWrap, Math.Max(longestToken, headers[column].Length)))
        {
            return null;
        }

        widths[column] = room;
        return column;
    }

    private static void Aligned(StringBuilder text, IReadOnlyList<string> headers, IReadOnlyList<bool> right, IReadOnlyList<IReadOnlyList<string>> cells, int[] widths, int wrapped)
    {
        if (headers.Any(h => h.Length > 0))
        {
            AppendRow(text, headers, right, widths, -1);
            AppendRow(text, widths.Select(w => new string('-', w)).ToList(), right, widths, -1);
        }

        foreach (var row in cells)
        {
            AppendRow(text, row, right, widths, wrapped);
        }
    }

    /// <summary>One row: the wrapped column may take several lines, the other columns stay on the first.</summary>
    private static void AppendRow(StringBuilder text, IReadOnlyList<string> row, IReadOnlyList<bool> right, int[] widths, int wrapped)
    {
        var parts = row.Select((cell, i) => i == wrapped ? Wrap(cell, widths[i]) : [cell]).ToList();
        var lines = parts.Max(p => p.Count);
        for (var line = 0; line < lines; line++)
        {
            var fields = parts.Select((p, i) =>
            {
                var value = line < p.Count ? p[line] : string.Empty;
                return right[i] ? value.PadLeft(widths[i]) : value.PadRight(widths[i]);
            });
            text.Append(string.Join(Gap, fields).TrimEnd()).Append('\n');
        }
    }

    /// <summary>One block per row: each cell on a <c>header: value</c> line (the value wrapped at spaces), a blank line between rows.</summary>
    private static void List(StringBuilder text, IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> cells, int width)
    {
        var label = headers.Max(h => h.Length) + 2;
        for (var r = 0; r < cells.Count; r++)
        {
            if (r > 0)
            {
                text.Append('\n');
            }

            for (var i = 0; i < headers.Count; i++)
            {
                var name = headers[i].Length == 0 ? string.Empty : headers[i] + ":";
                var indent = width - label < NarrowestWrap ? 2 : label;
                var lines = Wrap(cells[r][i], width - indent);
                if (indent < label || lines[0].Length > width - indent)
                {
                    // The value does not fit beside its label (labels too wide, or one long token such as a path): it goes below.
                    text.Append(name).Append('\n');
                    AppendLines(text, lines.Select(l => new string(' ', indent) + l));
                    continue;
                }

                AppendLines(text, lines.Select((l, n) => (n == 0 ? name.PadRight(label) : new string(' ', label)) + l));
            }
        }
    }

    /// <summary>Words of <paramref name="value"/> on lines of at most <paramref name="room"/> characters; a longer word stands whole on its own line.</summary>
    private static List<string> Wrap(string value, int room)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var token in Tokens(value))
        {
            if (line.Length > 0 && line.Length + 1 + token.Length > room)
            {
                lines.Add(line.ToString());
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : string.Empty).Append(token);
        }

        lines.Add(line.ToString());
        return lines;
    }

    private static string[] Tokens(string value) => value.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static void AppendLines(StringBuilder text, IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            text.Append(line.TrimEnd()).Append('\n');
        }
    }
}
