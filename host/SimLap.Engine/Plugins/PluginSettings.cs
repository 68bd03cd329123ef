using System.Text.RegularExpressions;
using SimLap.Engine.Configuration;

namespace SimLap.Engine.Plugins;

/// <summary>
/// The <c>plugins:</c> key of an experiment: either a list of folders (<c>plugins: [../my-plugins]</c>) or a mapping
/// <c>plugins: { paths: [...], pin: { &lt;Plugin&gt;: &lt;sha256&gt; } }</c>. Folders are relative to the file that names them.
/// </summary>
public sealed partial record PluginSettings(IReadOnlyList<(string Folder, SourceLocation NamedAt)> Folders, IReadOnlyList<PluginPin> Pins)
{
    /// <summary>The experiment key.</summary>
    public const string Key = "plugins";

    /// <summary>No extra folders, no pins.</summary>
    public static PluginSettings None { get; } = new([], []);

    /// <summary>Reads the <c>plugins:</c> node; relative folders are resolved against the file that wrote them (else <paramref name="baseFolder"/>).</summary>
    /// <exception cref="ConfigurationException">The node is malformed; every problem is listed.</exception>
    public static PluginSettings Read(ConfigNode? node, string baseFolder)
    {
        var problems = new List<string>();
        var folders = new List<(string, SourceLocation)>();
        var pins = new List<PluginPin>();
        switch (node)
        {
            case null or ConfigScalar { Text: null }:
                break;
            case ConfigMap map:
                foreach (var entry in map.Entries)
                {
                    switch (entry.Key)
                    {
                        case "paths":
                            ReadFolders(entry.Value, baseFolder, "plugins.paths", folders, problems);
                            break;
                        case "pin":
                            ReadPins(entry.Value, pins, problems);
                            break;
                        default:
                            problems.Add($"{entry.KeyLocation}: unknown key 'plugins.{entry.Key}'.{Suggest.DidYouMean(entry.Key, ["paths", "pin"])} Allowed keys: paths, pin.");
                            break;
                    }
                }

                break;
            default:
                ReadFolders(node, baseFolder, "plugins", folders, problems);
                break;
        }

        return problems.Count > 0 ? throw new ConfigurationException(problems) : new PluginSettings(folders, pins);
    }

    /// <summary>
    /// The root with <c>plugins:</c> reduced to its list of folders, the shape <c>ExperimentOptions.Plugins</c> binds
    /// (the mapping form's <c>pin</c> is checked when plugins are loaded, not bound).
    /// </summary>
    public static ConfigMap ForBinding(ConfigMap root) =>
        root.Find(Key) is { Value: ConfigMap map } entry
            ? root.With(Key, map["paths"] ?? new ConfigList([], map.Location), entry.KeyLocation)
            : root;

    /// <summary>A pin value as lower-case hex, or null when it is not a SHA-256 (an optional <c>sha256:</c> prefix is allowed).</summary>
    public static string? NormalizeHash(string text)
    {
        var hex = text.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase) ? text["sha256:".Length..] : text;
        return Sha256Hex().IsMatch(hex) ? hex.ToLowerInvariant() : null;
    }

    private static void ReadFolders(ConfigNode node, string baseFolder, string key, List<(string, SourceLocation)> folders, List<string> problems)
    {
        var items = node switch
        {
            ConfigList list => list.Items,
            ConfigScalar { Text: null } => [],
            _ => [node],
        };
        foreach (var item in items)
        {
            if (item is not ConfigScalar { Text: { } text } scalar || string.IsNullOrWhiteSpace(text))
            {
                problems.Add($"{item.Location}: '{key}' must list plugin folders (paths relative to this file); found {(item is ConfigScalar ? "an empty entry" : "a nested value")}. An empty entry would load plugins from the experiment's own folder; write '.' if that is meant.");
                continue;
            }

            var folder = item.Location.Line > 0 ? Path.GetDirectoryName(Path.GetFullPath(item.Location.File)) ?? baseFolder : baseFolder;
            folders.Add((Path.GetFullPath(Path.Combine(folder, text)), scalar.Location));
        }
    }

    private static void ReadPins(ConfigNode node, List<PluginPin> pins, List<string> problems)
    {
        if (node is ConfigScalar { Text: null })
        {
            return;
        }

        if (node is not ConfigMap map)
        {
            problems.Add($"{node.Location}: 'plugins.pin' must map plugin names to SHA-256 hashes, e.g. pin: {{ My.Plugin: 3f5a... }} (simlap plugins shows each plugin's hash).");
            return;
        }

        foreach (var entry in map.Entries)
        {
            if (entry.Value is ConfigScalar { Text: { } text } && NormalizeHash(text) is { } hash)
            {
                pins.Add(new PluginPin(entry.Key, hash, entry.Value.Location));
            }
            else
            {
                problems.Add($"{entry.Value.Location}: 'plugins.pin.{entry.Key}' must be the SHA-256 of the plugin's DLL, 64 hex digits (simlap plugins shows it); found {(entry.Value is ConfigScalar { Text: { } t } ? $"'{t}'" : "no hash")}.");
            }
        }
    }

    [GeneratedRegex("^[0-9a-fA-F]{64}$")]
    private static partial Regex Sha256Hex();
}
