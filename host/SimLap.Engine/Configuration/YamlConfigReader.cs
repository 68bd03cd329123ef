using YamlDotNet.Core;

namespace SimLap.Engine.Configuration;

/// <summary>
/// Parses YAML text into a <see cref="ConfigNode"/> tree that keeps file, line and column of every node, within
/// <see cref="YamlLimits"/> (size, nesting, alias expansion).
/// </summary>
public static class YamlConfigReader
{
    /// <summary>Parses one YAML document; an empty document is an empty mapping.</summary>
    /// <exception cref="ConfigurationException">Invalid YAML, a second document, or a limit exceeded; located in the file.</exception>
    public static ConfigNode Parse(string text, string fileName)
    {
        if (text.Length > YamlLimits.MaxDocumentBytes)
        {
            throw new ConfigurationException(new SourceLocation(fileName, 1, 1), $"the document is larger than {YamlLimits.MaxDocumentBytes / 1024} KiB, the limit for an experiment file.");
        }

        return Read(text, fileName) ?? new ConfigMap([], new SourceLocation(fileName, 1, 1));
    }

    /// <summary>Parses a command-line value as YAML (so <c>0.1</c>, <c>[1, 2]</c> and <c>{a: 1}</c> work); text that is not YAML stays text.</summary>
    public static ConfigNode ParseValue(string text, SourceLocation location)
    {
        if (text.Length == 0)
        {
            return new ConfigScalar("", true, location);
        }

        try
        {
            return Read(text, location.File) is { } node ? Relocate(node, location) : new ConfigScalar(null, false, location);
        }
        catch (ConfigurationException)
        {
            return new ConfigScalar(text, true, location);
        }
    }

    private static ConfigNode? Read(string text, string fileName)
    {
        var scanner = new Scanner(new StringReader(text), skipComments: true);
        try
        {
            return new YamlTreeBuilder(fileName).Build(new Parser(scanner));
        }
        catch (YamlException e)
        {
            if (TabIndentation(text, (int)e.Start.Line) is { } tab)
            {
                throw new ConfigurationException(new SourceLocation(fileName, tab.Line, tab.Column), "invalid YAML: a tab is used for indentation; YAML indents with spaces only: replace the tab with spaces.");
            }

            var message = (e.InnerException?.Message ?? e.Message).Trim();
            throw new ConfigurationException(new SourceLocation(fileName, (int)e.Start.Line, (int)e.Start.Column), $"invalid YAML: {message}");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this (not a YamlException) for some unclosed flow collections.
            var at = scanner.CurrentPosition;
            throw new ConfigurationException(new SourceLocation(fileName, (int)at.Line, (int)at.Column), "invalid YAML: a flow list '[...]' or mapping '{...}' is not closed before this point.");
        }
    }

    /// <summary>
    /// The tab in the indentation of the line after <paramref name="errorLine"/>, at it, or the nearest before it (anywhere
    /// when YamlDotNet gives no line), or null when no line is indented with a tab.
    /// </summary>
    private static (int Line, int Column)? TabIndentation(string text, int errorLine)
    {
        var lines = text.Split('\n');
        // YamlDotNet reports a tab-indented line at the scalar before it, or at the start of the document.
        var order = errorLine <= 1
            ? Enumerable.Range(0, lines.Length)
            : new[] { errorLine, errorLine - 1 }.Concat(Enumerable.Range(0, errorLine - 1).Reverse()).Where(i => i < lines.Length);
        foreach (var i in order)
        {
            var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            var tab = lines[i].IndexOf('\t', 0, indent);
            if (tab >= 0 && lines[i].Trim().Length > 0)
            {
                return (i + 1, tab + 1);
            }
        }

        return null;
    }

    private static ConfigNode Relocate(ConfigNode node, SourceLocation location) => node switch
    {
        ConfigScalar s => s with { Location = location },
        ConfigList l => new ConfigList(l.Items.Select(i => Relocate(i, location)).ToList(), location),
        ConfigMap m => new ConfigMap(m.Entries.Select(e => new ConfigEntry(e.Key, location, Relocate(e.Value, location))).ToList(), location),
        _ => node,
    };
}
