namespace SimLap.Plugins.Core.Data.Download;

/// <summary>
/// Where data sets live: <c>root</c> when given, else <c>$SIMLAP_DATA/&lt;name&gt;</c> (or <c>~/.simlap/data/&lt;name&gt;</c>), else,
/// when that folder does not exist, <c>/usr/share/datasets/&lt;name&gt;</c>, where Debian's dataset packages put them
/// (<c>apt-get install dataset-fashion-mnist</c>: the official Fashion-MNIST files).
/// </summary>
public static class DataRoot
{
    /// <summary>The variable that overrides the data cache folder.</summary>
    public const string Variable = "SIMLAP_DATA";

    /// <summary>The variable that redirects downloads to a mirror (files under <c>&lt;mirror&gt;/&lt;name&gt;/</c>).</summary>
    public const string MirrorVariable = "SIMLAP_DATA_MIRROR";

    /// <summary>The cache folder all data sets share: <c>$SIMLAP_DATA</c>, else <c>~/.simlap/data</c>.</summary>
    public static string CacheFolder(string? environmentValue = null)
    {
        var fromEnvironment = environmentValue ?? Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Path.GetFullPath(ExpandHome(fromEnvironment));
        }

        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".simlap", "data");
    }

    /// <summary>The folder Debian's dataset packages install into, one sub-folder per data set.</summary>
    public const string SystemFolder = "/usr/share/datasets";

    /// <summary>
    /// The folder of one data set: <paramref name="root"/> when given (a leading <c>~</c> is the home folder), else the
    /// cache's <paramref name="name"/> sub-folder, unless only <paramref name="systemFolder"/>'s one exists.
    /// </summary>
    public static string Resolve(string? root, string name, string? environmentValue = null, string systemFolder = SystemFolder)
    {
        if (!string.IsNullOrWhiteSpace(root))
        {
            return Path.GetFullPath(ExpandHome(root));
        }

        var cache = Path.Combine(CacheFolder(environmentValue), name);
        var system = Path.Combine(systemFolder, name);
        return !Directory.Exists(cache) && Directory.Exists(system) ? system : cache;
    }

    /// <summary>Where an empty <c>data.root</c> is looked for, for messages.</summary>
    public static string SearchOrder(string name) =>
        $"data.root when set, else ${Variable}/{name} (or ~/.simlap/data/{name}), else {SystemFolder}/{name} where Debian's dataset packages put them";

    private static string ExpandHome(string path) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + path[1..]
            : path;
}
