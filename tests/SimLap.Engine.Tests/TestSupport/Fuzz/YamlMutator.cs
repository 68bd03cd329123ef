using System.Text;

namespace SimLap.Engine.Tests.Fuzz;

/// <summary>Bounded random edits of a valid experiment's text (seeded, so a failing case is reproducible from its number).</summary>
internal sealed class YamlMutator(int seed)
{
    private static readonly string[] HostileValues =
    [
        "-1", "0", "1e999", "-1e999", ".nan", ".inf", "NaN", "99999999999999999999", "true", "no", "~", "null", "[]", "{}", "[1, [2, [3]]]",
        "\"\"", "''", "*nowhere", "&anchor", "!!binary AAAA", "!custom x", "|", ">", "\"\\u0000\"", "cuda:99", "ftp://host/x", "http://",
        "- a", "{a: {b: {c: 1}}}", "2: 3", "[a, b", "{a: 1", "'unterminated", "\"esc \\q\"", "0x10", "1_000", "+.5", "1.", "0o17",
        "\u00e9\u4e2d\u0000", "\uFEFF", new string('x', 7000), "[" + string.Join(", ", Enumerable.Repeat("1", 1500)) + "]",
    ];

    private static readonly string[] HostileChars = [":", "-", "[", "]", "{", "}", "&", "*", "!", "|", ">", "'", "\"", "#", "\t", "\0", "%", "@", "`", "\n", " ", ",", "?", "<<: ", "\r", "\u0085"];

    private readonly Random random = new(seed);

    /// <summary>The text with one to three edits.</summary>
    public string Mutate(string text)
    {
        var edits = random.Next(1, 4);
        for (var i = 0; i < edits; i++)
        {
            text = Edit(text);
        }

        return text;
    }

    private string Edit(string text)
    {
        var lines = text.Split('\n').ToList();
        var line = random.Next(lines.Count);
        switch (random.Next(9))
        {
            case 0:
                lines.RemoveAt(line);
                break;
            case 1:
                lines.Insert(line, lines[line]);
                break;
            case 2:
                var other = random.Next(lines.Count);
                (lines[line], lines[other]) = (lines[other], lines[line]);
                break;
            case 3:
                return Insert(text, HostileChars[random.Next(HostileChars.Length)]);
            case 4:
                var start = random.Next(text.Length + 1);
                return text.Remove(start, Math.Min(text.Length - start, random.Next(1, 20)));
            case 5:
                var colon = lines[line].IndexOf(": ", StringComparison.Ordinal);
                lines[line] = colon < 0 ? lines[line] + " " + Pick() : lines[line][..(colon + 2)] + Pick();
                break;
            case 6:
                lines[line] = random.Next(2) == 0 ? "  " + lines[line] : lines[line].TrimStart();
                break;
            case 7:
                return text[..random.Next(text.Length + 1)];
            default:
                lines[line] = Typo(lines[line]);
                break;
        }

        return string.Join('\n', lines);
    }

    private string Pick() => HostileValues[random.Next(HostileValues.Length)];

    private string Insert(string text, string what)
    {
        var at = random.Next(text.Length + 1);
        return text.Insert(at, what);
    }

    private string Typo(string line)
    {
        if (line.Length == 0)
        {
            return line;
        }

        var builder = new StringBuilder(line);
        var at = random.Next(builder.Length);
        builder[at] = (char)('a' + random.Next(26));
        return builder.ToString();
    }
}
