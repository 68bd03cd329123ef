using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SimLap.Engine.Configuration;

/// <summary>Parses YAML text into a <see cref="ConfigNode"/> tree that keeps file, line and column of every node.</summary>
public static class YamlConfigReader
{
    /// <summary>Parses one YAML document; an empty document is an empty mapping.</summary>
    public static ConfigNode Parse(string text, string fileName)
    {
        var stream = new YamlStream();
        var scanner = new Scanner(new StringReader(text));
        try
        {
            stream.Load(new Parser(scanner));
        }
        catch (YamlException e)
        {
            var message = (e.InnerException?.Message ?? e.Message).Trim();
            throw new ConfigurationException(new SourceLocation(fileName, (int)e.Start.Line, (int)e.Start.Column), $"invalid YAML: {message}");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this (not a YamlException) for some unclosed flow collections.
            var at = scanner.CurrentPosition;
            throw new ConfigurationException(new SourceLocation(fileName, (int)at.Line, (int)at.Column), "invalid YAML: a flow list '[...]' or mapping '{...}' is not closed before this point.");
        }

        if (stream.Documents.Count == 0)
        {
            return new ConfigMap([], new SourceLocation(fileName, 1, 1));
        }

        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode.Start;
            throw new ConfigurationException(new SourceLocation(fileName, (int)second.Line, (int)second.Column), "an experiment file holds one YAML document; found a second one (a '---' line).");
        }

        return Convert(stream.Documents[0].RootNode, fileName);
    }

    /// <summary>Parses a command-line value as YAML (so <c>0.1</c>, <c>[1, 2]</c> and <c>{a: 1}</c> work).</summary>
    public static ConfigNode ParseValue(string text, SourceLocation location)
    {
        if (text.Length == 0)
        {
            return new ConfigScalar("", true, location);
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            return new ConfigScalar(text, true, location);
        }

        return stream.Documents.Count == 0 ? new ConfigScalar(null, false, location) : Relocate(Convert(stream.Documents[0].RootNode, location.File), location);
    }

    private static ConfigNode Convert(YamlNode node, string fileName)
    {
        var location = new SourceLocation(fileName, (int)node.Start.Line, (int)node.Start.Column);
        switch (node)
        {
            case YamlScalarNode scalar:
                var quoted = scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded;
                var text = !quoted && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL" ? null : scalar.Value;
                return new ConfigScalar(text, quoted, location);
            case YamlSequenceNode sequence:
                return new ConfigList(sequence.Children.Select(c => Convert(c, fileName)).ToList(), location);
            case YamlMappingNode mapping:
                var entries = new List<ConfigEntry>();
                foreach (var (key, value) in mapping.Children)
                {
                    var keyLocation = new SourceLocation(fileName, (int)key.Start.Line, (int)key.Start.Column);
                    if (key is not YamlScalarNode { Value: { } keyText })
                    {
                        throw new ConfigurationException(keyLocation, "a mapping key must be a plain name.");
                    }

                    entries.Add(new ConfigEntry(keyText, keyLocation, Convert(value, fileName)));
                }

                return new ConfigMap(entries, location);
            default:
                throw new ConfigurationException(location, $"unsupported YAML node ({node.NodeType}).");
        }
    }

    private static ConfigNode Relocate(ConfigNode node, SourceLocation location) => node switch
    {
        ConfigScalar s => s with { Location = location },
        ConfigList l => new ConfigList(l.Items.Select(i => Relocate(i, location)).ToList(), location),
        ConfigMap m => new ConfigMap(m.Entries.Select(e => new ConfigEntry(e.Key, location, Relocate(e.Value, location))).ToList(), location),
        _ => node,
    };
}
