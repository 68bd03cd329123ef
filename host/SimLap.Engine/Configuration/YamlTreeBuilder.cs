using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SimLap.Engine.Configuration;

/// <summary>
/// Builds the <see cref="ConfigNode"/> tree straight from YamlDotNet's parser events, without recursion: nesting is
/// bounded by <see cref="YamlLimits.MaxDepth"/>, and every alias is charged the size of what it stands for, so
/// expanding aliases is bounded by <see cref="YamlLimits.MaxExpandedNodes"/> and <see cref="YamlLimits.MaxExpandedChars"/>
/// while reading (an alias shares its anchor's immutable node, it is never copied). Merge keys (<c>&lt;&lt;: *base</c>)
/// follow YAML 1.1: the mapping's own keys win, then the merged mappings in the order listed; merged entries keep
/// the file position where they were written.
/// </summary>
internal sealed class YamlTreeBuilder(string fileName)
{
    private const string MergeKey = "<<";

    private readonly Dictionary<string, Built> anchors = [];
    private readonly Stack<Frame> stack = new();
    private long expandedNodes;
    private long expandedChars;

    /// <summary>Reads one document; null when the stream holds none.</summary>
    public ConfigNode? Build(IParser parser)
    {
        Built? root = null;
        var documents = 0;
        while (parser.MoveNext())
        {
            var current = parser.Current!;
            switch (current)
            {
                case DocumentStart:
                    documents++;
                    break;
                case Scalar or SequenceStart or MappingStart or AnchorAlias when documents > 1:
                    throw Error(current.Start, "an experiment file holds one YAML document; found a second one (a '---' line).");
                case DocumentEnd or StreamStart or StreamEnd:
                    break;
                default:
                    if (Consume(current) is { } built)
                    {
                        root = built;
                    }

                    break;
            }
        }

        return root?.Node;
    }

    /// <summary>Handles one node event; returns the document's root once it is complete.</summary>
    private Built? Consume(ParsingEvent current)
    {
        switch (current)
        {
            case MappingStart or SequenceStart:
                if (stack.Count >= YamlLimits.MaxDepth)
                {
                    throw Error(current.Start, $"lists and mappings are nested more than {YamlLimits.MaxDepth} deep, the limit for an experiment file; flatten the structure.");
                }

                stack.Push(new Frame(current is MappingStart, Location(current.Start), ((NodeEvent)current).Anchor));
                Charge(1, 0, current.Start);
                return null;
            case MappingEnd or SequenceEnd:
                var frame = stack.Pop();
                return Complete(frame.Finish(this), frame.Anchor);
            case Scalar scalar when stack.TryPeek(out var top) && top.IsMap && top.PendingKey is null:
                Charge(1, scalar.Value.Length, scalar.Start);
                top.SetKey(scalar, Location(scalar.Start), this);
                return null;
            case Scalar scalar:
                Charge(1, scalar.Value.Length, scalar.Start);
                return Complete(new Built(ToScalar(scalar), 1, scalar.Value.Length), scalar.Anchor);
            case AnchorAlias alias:
                if (!anchors.TryGetValue(alias.Value.Value, out var target))
                {
                    throw Error(alias.Start, $"the alias '*{alias.Value.Value}' refers to no anchor '&{alias.Value.Value}' written before it.");
                }

                Charge(target.Nodes, target.Chars, alias.Start);
                return Deliver(target with { Node = Relocated(target.Node, Location(alias.Start)) });
            default:
                throw Error(current.Start, "unsupported YAML construct here.");
        }
    }

    private Built? Complete(Built built, AnchorName anchor)
    {
        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = built;
        }

        return Deliver(built);
    }

    private Built? Deliver(Built built)
    {
        if (!stack.TryPeek(out var parent))
        {
            return built;
        }

        parent.Add(built, this);
        return null;
    }

    /// <summary>Charges nodes and characters to the expansion budget, failing at <paramref name="at"/> once it is spent.</summary>
    private void Charge(long nodes, long chars, Mark at)
    {
        expandedNodes += nodes;
        expandedChars += chars;
        if (expandedNodes > YamlLimits.MaxExpandedNodes || expandedChars > YamlLimits.MaxExpandedChars)
        {
            throw Error(at, $"the file expands to more than {YamlLimits.MaxExpandedNodes:N0} values or {YamlLimits.MaxExpandedChars >> 20} MiB of text once its aliases (*name) are expanded, "
                + "the limit for an experiment file (aliases nested in aliases multiply); write the values out or use fewer nested aliases.");
        }
    }

    private ConfigScalar ToScalar(Scalar scalar)
    {
        var quoted = scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded;
        var text = !quoted && scalar.Value is "" or "~" or "null" or "Null" or "NULL" ? null : scalar.Value;
        return new ConfigScalar(text, quoted, Location(scalar.Start));
    }

    /// <summary>An alias's own node keeps its anchor's contents but is located where the alias is written.</summary>
    private static ConfigNode Relocated(ConfigNode node, SourceLocation at) => node with { Location = at };

    internal SourceLocation Location(Mark mark) => new(fileName, (int)mark.Line, (int)mark.Column);

    internal ConfigurationException Error(Mark at, string message) => new(Location(at), message);

    internal ConfigurationException Error(SourceLocation at, string message) => new(at, message);

    /// <summary>A finished node with its expanded size.</summary>
    internal sealed record Built(ConfigNode Node, long Nodes, long Chars);

    /// <summary>A list or mapping being read.</summary>
    private sealed class Frame(bool isMap, SourceLocation location, AnchorName anchor)
    {
        private readonly List<ConfigNode> items = [];
        private readonly List<ConfigEntry> entries = [];
        private readonly Dictionary<string, SourceLocation> keys = [];
        private readonly List<ConfigNode> merges = [];
        private long nodes = 1;
        private long chars;

        public bool IsMap { get; } = isMap;

        public AnchorName Anchor { get; } = anchor;

        public (string Text, SourceLocation Location, bool Merge)? PendingKey { get; private set; }

        public void SetKey(Scalar key, SourceLocation at, YamlTreeBuilder builder)
        {
            var merge = key.Value == MergeKey && key.Style == ScalarStyle.Plain;
            if (!merge && keys.TryGetValue(key.Value, out var first))
            {
                throw builder.Error(at, $"the key '{key.Value}' is written twice in this mapping (first at line {first.Line}); keep one.");
            }

            if (!merge && key.Value.Length == 0 && key.Style == ScalarStyle.Plain)
            {
                throw builder.Error(at, "a mapping key must be a plain name; found an empty key.");
            }

            PendingKey = (key.Value, at, merge);
            keys.TryAdd(key.Value, at);
            chars += key.Value.Length;
            nodes++;
        }

        public void Add(Built child, YamlTreeBuilder builder)
        {
            nodes += child.Nodes;
            chars += child.Chars;
            if (!IsMap)
            {
                items.Add(child.Node);
                return;
            }

            if (PendingKey is not { } key)
            {
                throw builder.Error(child.Node.Location, "a mapping key must be a plain name.");
            }

            PendingKey = null;
            if (key.Merge)
            {
                merges.AddRange(MergeSources(child.Node, builder));
                return;
            }

            entries.Add(new ConfigEntry(key.Text, key.Location, child.Node));
        }

        public Built Finish(YamlTreeBuilder builder)
        {
            if (!IsMap)
            {
                return new Built(new ConfigList(items, location), nodes, chars);
            }

            // YAML 1.1 merge: keys written in this mapping win; among the merged mappings, the first listed wins.
            foreach (var source in merges.Cast<ConfigMap>())
            {
                foreach (var entry in source.Entries.Where(e => keys.TryAdd(e.Key, e.KeyLocation)))
                {
                    entries.Add(entry);
                }
            }

            return new Built(new ConfigMap(entries, location), nodes, chars);
        }

        private static IEnumerable<ConfigNode> MergeSources(ConfigNode value, YamlTreeBuilder builder) => value switch
        {
            ConfigMap map => [map],
            ConfigList list when list.Items.All(i => i is ConfigMap) => list.Items,
            _ => throw builder.Error(value.Location, "a merge key '<<' takes a mapping or a list of mappings (usually an alias such as <<: *defaults)."),
        };
    }
}
