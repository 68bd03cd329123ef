using System.Text;

namespace SimLap.Engine.Compare;

/// <summary>
/// A table of text cells, the shape every results table is rendered from (Markdown here; HTML and the console by the
/// host): the first <paramref name="KeyColumns"/> columns name the group and are left-aligned, the others hold numbers.
/// </summary>
/// <param name="Headers">The column headers.</param>
/// <param name="Rows">The cells, one list per row, as wide as <paramref name="Headers"/>.</param>
/// <param name="KeyColumns">How many leading columns are labels (left-aligned).</param>
public sealed record TextTable(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows, int KeyColumns)
{
    /// <summary>The table as GitHub Markdown (<c>|</c> in a cell escaped; number columns right-aligned).</summary>
    public string ToMarkdown()
    {
        static string Escape(string value) => value.Replace("|", "\\|", StringComparison.Ordinal);
        var text = new StringBuilder();
        text.Append("| ").AppendJoin(" | ", Headers.Select(Escape)).Append(" |\n");
        text.Append('|').AppendJoin('|', Headers.Select((_, i) => i < KeyColumns ? " --- " : " ---: ")).Append("|\n");
        foreach (var row in Rows)
        {
            text.Append("| ").AppendJoin(" | ", row.Select(Escape)).Append(" |\n");
        }

        return text.ToString();
    }
}
