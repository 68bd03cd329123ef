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

        var merged = parentMap;
        foreach (var entry in childMap.Entries)
        {
            var value = merged[entry.Key] is { } existing ? Merge(existing, entry.Value) : entry.Value;
            merged = merged.With(entry.Key, value, entry.KeyLocation);
        }

        return merged with { Location = childMap.Location };
    }
}
