namespace SimLap.Engine.Plugins;

/// <summary>
/// The manifests of plugin folders seen on this machine (<c>~/.simlap/plugin-manifests/&lt;folder sha-256&gt;.sha256</c>),
/// written by <c>simlap plugins</c> and by every pin that matches. They only serve messages: when a folder no longer
/// matches its pin, the manifest of the pinned hash names the files that changed. Trust never depends on them.
/// </summary>
public static class PluginManifestCache
{
    /// <summary>The cache folder.</summary>
    public static string Folder => Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".simlap", "plugin-manifests");

    /// <summary>Keeps <paramref name="manifest"/> (best effort: a cache that cannot be written is skipped).</summary>
    public static void Remember(PluginManifest manifest)
    {
        try
        {
            var file = Path.Combine(Folder, manifest.Sha256 + ".sha256");
            if (!File.Exists(file))
            {
                Directory.CreateDirectory(Folder);
                File.WriteAllText(file, manifest.Text);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only messages use the cache.
        }
    }

    /// <summary>The manifest whose folder hash is <paramref name="sha256"/>, when one was kept and still hashes to it.</summary>
    public static PluginManifest? Recall(string sha256)
    {
        try
        {
            var file = Path.Combine(Folder, sha256 + ".sha256");
            var manifest = File.Exists(file) ? PluginManifest.Parse(File.ReadAllText(file), file) : null;
            return manifest?.Sha256 == sha256 ? manifest : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}
