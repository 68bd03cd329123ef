using Spectre.Console;
using Spectre.Console.Rendering;

namespace SimLap.Host.Output;

/// <summary>
/// Where every table of the CLI is written: a Spectre.Console table on a terminal; plain aligned text (or one block
/// per row) in the width <c>COLUMNS</c> gives when stdout is a pipe or a file (<see cref="PlainTable"/>), because
/// Spectre wraps cells inside words (<c>steps_per_epo|ch</c>) and cuts headers (<c>overrid…</c>) to make a table fit.
/// </summary>
public static class TableOutput
{
    /// <summary>Writes <paramref name="table"/> to stdout.</summary>
    public static void Write(Table table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (!Console.IsOutputRedirected)
        {
            AnsiConsole.Write(table);
            return;
        }

        var text = new PlainText();
        var title = table.Title is { } t ? text.Of(new Markup(t.Text)) : null;
        var headers = table.Columns.Select(c => text.Of(c.Header)).ToList();
        var right = table.Columns.Select(c => c.Alignment == Justify.Right).ToList();
        var rows = table.Rows.Select(r => (IReadOnlyList<string>)r.Select(text.Of).ToList()).ToList();
        Console.Out.Write(PlainTable.Render(title, headers, right, rows, AnsiConsole.Profile.Width));
    }

    /// <summary>Writes <paramref name="grid"/> (rows of label and value) under <paramref name="heading"/>: in a panel on a terminal.</summary>
    public static void Write(Grid grid, string heading)
    {
        ArgumentNullException.ThrowIfNull(grid);
        if (!Console.IsOutputRedirected)
        {
            AnsiConsole.Write(new Panel(grid).Header(heading).Border(BoxBorder.Rounded));
            return;
        }

        var text = new PlainText();
        var headers = grid.Columns.Select(_ => string.Empty).ToList();
        var right = grid.Columns.Select(c => c.Alignment == Justify.Right).ToList();
        var rows = grid.Rows.Select(r => (IReadOnlyList<string>)r.Select(text.Of).ToList()).ToList();
        Console.Out.Write(PlainTable.Render(heading, headers, right, rows, AnsiConsole.Profile.Width));
    }

    /// <summary>The text of a renderable (a cell's markup) without styles, on one line.</summary>
    private sealed class PlainText
    {
        private readonly StringWriter writer = new();
        private readonly IAnsiConsole console;

        public PlainText()
        {
            console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
                Out = new AnsiConsoleOutput(writer),
            });

            // Wide enough that no cell is wrapped here: the layout is PlainTable's.
            console.Profile.Width = 1 << 16;
        }

        public string Of(IRenderable renderable)
        {
            writer.GetStringBuilder().Clear();
            console.Write(renderable);
            return writer.ToString().ReplaceLineEndings(" ").Trim();
        }
    }
}
