namespace SimLap.Engine.Configuration;

/// <summary>A node of an experiment's configuration tree, remembering where it was written.</summary>
public abstract record ConfigNode(SourceLocation Location);

/// <summary>A scalar as written (numbers and booleans are converted only when bound to a typed option).</summary>
/// <param name="Text">The text; null for YAML null.</param>
/// <param name="Quoted">True when the scalar was quoted, so it is a string whatever it looks like.</param>
public sealed record ConfigScalar(string? Text, bool Quoted, SourceLocation Location) : ConfigNode(Location);

/// <summary>A list of nodes.</summary>
public sealed record ConfigList(IReadOnlyList<ConfigNode> Items, SourceLocation Location) : ConfigNode(Location);

/// <summary>A mapping from keys to nodes, in written order.</summary>
public sealed record ConfigMap(IReadOnlyList<ConfigEntry> Entries, SourceLocation Location) : ConfigNode(Location)
{
    /// <summary>The entry with <paramref name="key"/>, or null.</summary>
    public ConfigEntry? Find(string key) => Entries.FirstOrDefault(e => e.Key == key);

    /// <summary>The node under <paramref name="key"/>, or null.</summary>
    public ConfigNode? this[string key] => Find(key)?.Value;

    /// <summary>A copy with <paramref name="key"/> set to <paramref name="value"/> (replacing it in place, or appended).</summary>
    public ConfigMap With(string key, ConfigNode value, SourceLocation keyLocation)
    {
        var entries = Entries.ToList();
        var index = entries.FindIndex(e => e.Key == key);
        if (index >= 0)
        {
            entries[index] = entries[index] with { Value = value };
        }
        else
        {
            entries.Add(new ConfigEntry(key, keyLocation, value));
        }

        return this with { Entries = entries };
    }

    /// <summary>A copy without <paramref name="key"/>.</summary>
    public ConfigMap Without(string key) => this with { Entries = Entries.Where(e => e.Key != key).ToList() };
}

/// <summary>One key of a mapping.</summary>
public sealed record ConfigEntry(string Key, SourceLocation KeyLocation, ConfigNode Value);
