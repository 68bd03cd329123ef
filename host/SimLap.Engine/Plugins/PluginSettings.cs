using System.Text.RegularExpressions;
using SimLap.Engine.Configuration;

namespace SimLap.Engine.Plugins;

/// <summary>
/// The <c>plugins:</c> key of an experiment: either a list of folders (<c>plugins: [../my-plugins]</c>) or a mapping
/// <c>plugins: { paths: [...], pin: { &lt;Plugin&gt;: &lt;folder sha256 | manifest.sha256&gt; }, allow_writable: false }</c>.
/// Folders and manifest files are relative to the file that names them.
/// </summary>
public sealed partial record PluginSettings(IReadOnlyList<(string Folder, SourceLocation NamedAt)> Folders, IReadOnlyList<PluginPin> Pins)
{
    /// <summary>The experiment key.</summary>
    public const string Key = "plugins";

    /// <summary>The key that loads plugins from folders other users can write to.</summary>
    public const string AllowWritableKey = "allow_writable";

    private static readonly string[] Keys = ["paths", "pin", AllowWritableKey];

    /// <summary>Load plugins even from folders or files other users could change (<c>plugins.allow_writable: true</c>).</summary>
    public bool AllowWritable { get; init; }

    /// <summary>No extra folders, no pins.</summary>
    public static PluginSettings None { get; } = new([], []);

    /// <summary>Reads the <c>plugins:</c> node; relative folders are resolved against the file that wrote them (else <paramref name="baseFolder"/>).</summary>
    /// <exception cref="ConfigurationException">The node is malformed; every problem is listed.</exception>
    public static PluginSettings Read(ConfigNode? node, string baseFolder)
    {
        var problems = new List<string>();
        var folders = new List<(string, SourceLocation)>();
        var pins = new List<PluginPin>();
        var allowWritable = false;
        switch (node)
        {
            case null or ConfigScalar { Text: null }:
                break;
            case ConfigMap map:
                allowWritable = ReadMap(map, baseFolder, folders, pins, problems);
                break;
            default:
                ReadFolders(node, baseFolder, "plugins", folders, problems);
                break;
        }

        return problems.Count > 0 ? throw new ConfigurationException(problems) : new PluginSettings(folders, pins) { AllowWritable = allowWritable };
    }

    /// <summary>
    /// The root with a list-form <c>plugins: [...]</c> rewritten as <c>plugins: { paths: [...] }</c>, so that overrides
    /// such as <c>--set 'plugins.pin={...}'</c> apply whichever form the experiment wrote.
    /// </summary>
    public static ConfigMap Normalize(ConfigMap root) =>
        root.Find(Key) is { Value: ConfigList or ConfigScalar { Text: not null } } entry
            ? root.With(Key, new ConfigMap([new ConfigEntry("paths", entry.KeyLocation, entry.Value)], entry.Value.Location), entry.KeyLocation)
            : root;

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

    /// <summary>Reads the mapping form's keys into <paramref name="folders"/> and <paramref name="pins"/>; returns <c>allow_writable</c>.</summary>
    private static bool ReadMap(ConfigMap map, string baseFolder, List<(string, SourceLocation)> folders, List<PluginPin> pins, List<string> problems)
    {
        var allowWritable = false;
        foreach (var entry in map.Entries)
        {
            switch (entry.Key)
            {
                case "paths":
                    ReadFolders(entry.Value, baseFolder, "plugins.paths", folders, problems);
                    break;
                case "pin":
                    ReadPins(entry.Value, baseFolder, pins, problems);
                    break;
                case AllowWritableKey:
                    allowWritable = ReadFlag(entry.Value, problems);
                    break;
                default:
                    problems.Add($"{entry.KeyLocation}: unknown key 'plugins.{entry.Key}'.{Suggest.DidYouMean(entry.Key, Keys)} Allowed keys: {string.Join(", ", Keys)}.");
                    break;
            }
        }

        return allowWritable;
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

    private static void ReadPins(ConfigNode node, string baseFolder, List<PluginPin> pins, List<string> problems)
    {
        if (node is ConfigScalar { Text: null })
        {
            return;
        }

        if (node is not ConfigMap map)
        {
            problems.Add($"{node.Location}: 'plugins.pin' must map plugin names to the SHA-256 of their folders, e.g. pin: {{ My.Plugin: 3f5a... }} (simlap plugins shows each plugin's hash).");
            return;
        }

        foreach (var entry in map.Entries)
        {
            if (entry.Value is ConfigScalar { Text: { } text } && NormalizeHash(text) is { } hash)
            {
                pins.Add(new PluginPin(entry.Key, hash, entry.Value.Location));
            }
            else if (entry.Value is ConfigScalar { Text: { } file } && file.EndsWith(ManifestExtension, StringComparison.OrdinalIgnoreCase))
            {
                ReadManifestPin(entry.Key, file, entry.Value.Location, baseFolder, pins, problems);
            }
            else
            {
                problems.Add($"{entry.Value.Location}: 'plugins.pin.{entry.Key}' must be the SHA-256 of the plugin's folder, 64 hex digits (simlap plugins shows it), or a manifest file ending in {ManifestExtension} (simlap plugins --manifest {entry.Key} > {entry.Key}{ManifestExtension}); found {(entry.Value is ConfigScalar { Text: { } t } ? $"'{t}'" : "no hash")}.");
            }
        }
    }

    private const string ManifestExtension = ".sha256";

    private static void ReadManifestPin(string plugin, string file, SourceLocation location, string baseFolder, List<PluginPin> pins, List<string> problems)
    {
        var folder = location.Line > 0 ? Path.GetDirectoryName(Path.GetFullPath(location.File)) ?? baseFolder : baseFolder;
        var path = Path.GetFullPath(Path.Combine(folder, file));
        try
        {
            var manifest = PluginManifest.Parse(File.ReadAllText(path), path);
            pins.Add(new PluginPin(plugin, manifest.Sha256, location) { Manifest = manifest });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add($"{location}: 'plugins.pin.{plugin}' names the manifest '{path}', which cannot be read ({e.Message}); write it with simlap plugins --manifest {plugin} > {file}.");
        }
        catch (FormatException e)
        {
            problems.Add($"{location}: 'plugins.pin.{plugin}': {e.Message}");
        }
    }

    private static bool ReadFlag(ConfigNode node, List<string> problems)
    {
        if (node is ConfigScalar { Text: { } text } && bool.TryParse(text, out var value))
        {
            return value;
        }

        problems.Add($"{node.Location}: 'plugins.{AllowWritableKey}' must be true or false.");
        return false;
    }

    [GeneratedRegex("^[0-9a-fA-F]{64}$")]
    private static partial Regex Sha256Hex();
}
