namespace SimLap.Engine.Configuration;

/// <summary>Deep-merges configuration trees: mappings merge key by key, anything else is replaced by the child.</summary>
public static class ConfigMerger
{
    /// <summary>Merges <paramref name="child"/> over <paramref name="parent"/>; the child wins.</summary>
    public static ConfigNode Merge(ConfigNode parent, ConfigNode child)
    {
        if (parent is not ConfigMap parentMap || child is not ConfigMap childMap)
        {
            return child;
        }

        // A child that names another component type starts that section afresh: options of the old type do not apply.
        if (parentMap["type"] is ConfigScalar parentType && childMap["type"] is ConfigScalar childType && parentType.Text != childType.Text)
        {
            return child;
        }

        // One pass with an index by key (not ConfigMap.With per key), so a mapping of many keys merges in linear time.
        var entries = parentMap.Entries.ToList();
        var index = new Dictionary<string, int>();
        for (var i = 0; i < entries.Count; i++)
        {
            index.TryAdd(entries[i].Key, i);
        }

        foreach (var entry in childMap.Entries)
        {
            if (index.TryGetValue(entry.Key, out var at))
            {
                entries[at] = entries[at] with { Value = Merge(entries[at].Value, entry.Value) };
            }
            else
            {
                index[entry.Key] = entries.Count;
                entries.Add(entry);
            }
        }

        return new ConfigMap(entries, childMap.Location);
    }
}
