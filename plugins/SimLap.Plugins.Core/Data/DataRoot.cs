namespace SimLap.Plugins.Core.Data;

/// <summary>Where data sets live: <c>root</c> when given, else <c>$SIMLAP_DATA/&lt;name&gt;</c>, else <c>~/.simlap/data/&lt;name&gt;</c>.</summary>
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

    /// <summary>The folder of one data set: <paramref name="root"/> when given (a leading <c>~</c> is the home folder), else the cache's <paramref name="name"/> sub-folder.</summary>
    public static string Resolve(string? root, string name, string? environmentValue = null) =>
        string.IsNullOrWhiteSpace(root) ? Path.Combine(CacheFolder(environmentValue), name) : Path.GetFullPath(ExpandHome(root));

    private static string ExpandHome(string path) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + path[1..]
            : path;
}
