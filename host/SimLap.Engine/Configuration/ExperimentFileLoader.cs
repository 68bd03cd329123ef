namespace SimLap.Engine.Configuration;

/// <summary>Reads an experiment file and the parents it <c>extends:</c>, merged in order with the child winning.</summary>
public static class ExperimentFileLoader
{
    /// <summary>The key that lists parent files, relative to the file naming them.</summary>
    public const string ExtendsKey = "extends";

    /// <summary>The prefix of top-level keys that only hold anchors (ignored when binding), as in Docker Compose.</summary>
    public const string AnchorKeyPrefix = "x-";

    /// <summary>Loads <paramref name="path"/> with its parents into one mapping.</summary>
    public static ConfigMap Load(string path) => Load(path, new SourceLocation("command line", 0, 0), [], new int[1]);

    /// <summary>How many files one experiment may read through <c>extends:</c> (a diamond of parents is read once per path to it).</summary>
    public const int MaxFiles = 200;

    private static ConfigMap Load(string path, SourceLocation namedAt, List<string> chain, int[] filesRead)
    {
        if (++filesRead[0] > MaxFiles)
        {
            throw new ConfigurationException(namedAt, $"the experiment reads more than {MaxFiles} files through 'extends:', the limit; extend fewer files (each path to a parent reads it again).");
        }

        var fullPath = RequireFile(path, namedAt);
        if (chain.Contains(fullPath))
        {
            throw new ConfigurationException(namedAt, $"'{path}' extends itself through {string.Join(" -> ", chain.Select(Path.GetFileName))} -> {Path.GetFileName(fullPath)}.");
        }

        var map = Read(fullPath, namedAt);
        if (map.Find(ExtendsKey) is not { } extends)
        {
            return map;
        }

        chain.Add(fullPath);
        ConfigNode merged = new ConfigMap([], map.Location);
        foreach (var (parentPath, location) in Parents(extends))
        {
            var resolved = Path.Combine(Path.GetDirectoryName(fullPath)!, parentPath);
            merged = ConfigMerger.Merge(merged, Load(resolved, location, chain, filesRead));
        }

        chain.RemoveAt(chain.Count - 1);
        return (ConfigMap)ConfigMerger.Merge(merged, map.Without(ExtendsKey));
    }

    /// <summary>The full path of <paramref name="path"/>, which must name an existing file (not a folder).</summary>
    private static string RequireFile(string path, SourceLocation namedAt)
    {
        if (path.Length == 0 || path.Contains('\0'))
        {
            throw new ConfigurationException(namedAt, $"'{path.Replace("\0", "\\0")}' is not a file path.");
        }

        var fullPath = Path.GetFullPath(path);
        if (Directory.Exists(fullPath))
        {
            var inside = Directory.EnumerateFiles(fullPath, "*.y*ml").Select(Path.GetFileName).Order().Take(5).ToList();
            throw new ConfigurationException(namedAt, $"'{path}' is a directory, not an experiment file; name a .yaml file{(inside.Count > 0 ? $" such as {string.Join(", ", inside.Select(f => Path.Combine(path, f!)))}" : "")}.");
        }

        if (!File.Exists(fullPath))
        {
            var folder = Path.GetDirectoryName(fullPath);
            var hint = folder is not null && Directory.Exists(folder)
                ? Suggest.DidYouMean(Path.GetFileName(fullPath), Directory.EnumerateFiles(folder, "*.y*ml").Select(f => Path.GetFileName(f)!))
                : $" The folder '{folder}' does not exist either.";
            throw new ConfigurationException(namedAt, $"experiment file '{path}' not found.{hint}");
        }

        return fullPath;
    }

    /// <summary>One file's mapping, without its anchor-only <c>x-</c> keys.</summary>
    private static ConfigMap Read(string fullPath, SourceLocation namedAt)
    {
        var displayName = Path.GetRelativePath(Directory.GetCurrentDirectory(), fullPath);
        var root = YamlConfigReader.Parse(ConfigFileText.Read(fullPath, displayName, namedAt), displayName);
        if (root is not ConfigMap map)
        {
            throw new ConfigurationException(root.Location, "an experiment file must be a mapping of keys (name:, data:, train:, ...).");
        }

        // Top-level keys starting with x- only hold YAML anchors for merge keys (`x-defaults: &d {...}`, then `<<: *d`).
        return map with { Entries = map.Entries.Where(e => !e.Key.StartsWith(AnchorKeyPrefix, StringComparison.Ordinal)).ToList() };
    }

    /// <summary>The parent paths an <c>extends:</c> entry names, each with where it was written.</summary>
    private static List<(string Path, SourceLocation Location)> Parents(ConfigEntry extends) => extends.Value switch
    {
        ConfigScalar { Text: { } single } s => [(single, s.Location)],
        ConfigList list => list.Items.Select(item => item is ConfigScalar { Text: { } text } s
            ? (text, s.Location)
            : throw new ConfigurationException(item.Location, "each entry of 'extends' must be a file path.")).ToList(),
        _ => throw new ConfigurationException(extends.Value.Location, "'extends' must be a file path or a list of file paths."),
    };
}
