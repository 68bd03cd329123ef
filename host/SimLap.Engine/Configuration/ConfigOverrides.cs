namespace SimLap.Engine.Configuration;

/// <summary>Applies <c>--set key.path=value</c> overrides; values are parsed as YAML and typed later by the target option.</summary>
public static class ConfigOverrides
{
    /// <summary>Applies each override in order.</summary>
    public static ConfigMap Apply(ConfigMap root, IEnumerable<string> assignments)
    {
        foreach (var assignment in assignments)
        {
            var location = new SourceLocation($"--set {assignment}", 0, 0);
            var separator = assignment.IndexOf('=');
            if (separator <= 0)
            {
                throw new ConfigurationException(location, "an override is written key.path=value, for example --set train.epochs=5.");
            }

            var path = assignment[..separator].Trim().Split('.');
            if (path.Any(string.IsNullOrWhiteSpace))
            {
                throw new ConfigurationException(location, $"'{assignment[..separator]}' is not a valid key path: parts are separated by single dots.");
            }

            var value = YamlConfigReader.ParseValue(assignment[(separator + 1)..], location);
            root = (ConfigMap)Set(root, path, 0, value, location);
        }

        return root;
    }

    /// <summary>Sets the value at a dotted key path (lists addressed by index), as <c>--set</c> does.</summary>
    public static ConfigMap Set(ConfigMap root, string dottedKey, ConfigNode value, SourceLocation location) =>
        (ConfigMap)Set(root, dottedKey.Split('.'), 0, value, location);

    private static ConfigNode Set(ConfigNode node, string[] path, int depth, ConfigNode value, SourceLocation location)
    {
        if (path.Length > YamlLimits.MaxDepth)
        {
            throw new ConfigurationException(location, $"the key path has {path.Length} parts; at most {YamlLimits.MaxDepth} are allowed.");
        }

        if (depth == path.Length)
        {
            return ConfigMerger.Merge(node, value);
        }

        var key = path[depth];
        switch (node)
        {
            case ConfigMap map when depth == path.Length - 1:
                // Merged as `extends` merges, so another `type:` starts its section afresh here too.
                return ConfigMerger.Merge(map, new ConfigMap([new ConfigEntry(key, location, value)], map.Location));
            case ConfigMap map:
                var child = map[key] ?? new ConfigMap([], location);
                return map.With(key, Set(child, path, depth + 1, value, location), location);
            case ConfigList list when int.TryParse(key, out var index) && index >= 0 && index < list.Items.Count:
                var items = list.Items.ToList();
                items[index] = Set(items[index], path, depth + 1, value, location);
                return list with { Items = items };
            case ConfigList list:
                throw new ConfigurationException(location, $"'{string.Join('.', path[..depth])}' is a list with {list.Items.Count} entries; address one by its index 0..{list.Items.Count - 1}, e.g. {string.Join('.', path[..depth])}.0.{string.Join('.', path[(depth + 1)..])}.");
            default:
                throw new ConfigurationException(location, $"'{string.Join('.', path[..depth])}' is a single value (at {node.Location}), so it has no key '{key}'.");
        }
    }
}
