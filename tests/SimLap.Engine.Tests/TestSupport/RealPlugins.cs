using Microsoft.Extensions.Logging.Abstractions;
using SimLap.Engine.Plugins;

namespace SimLap.Engine.Tests.TestSupport;

/// <summary>
/// The real built-in plugin, loaded from the DLL the solution built (through McMaster, like the host does), never a
/// type of this test assembly. The test project builds plugins/SimLap.Plugins.Core first (a build-order reference).
/// </summary>
internal static class RealPlugins
{
    private const string PluginName = "SimLap.Plugins.Core";
    private const string VitPluginName = "SimLap.Plugins.Vit";
    private static readonly Lazy<ComponentCatalog> SharedCatalog = new(LoadCorePlugin, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<ComponentCatalog> SharedBundledCatalog = new(() => Load(CorePluginPath, PluginPath(VitPluginName)), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<string> Root = new(FindRepositoryRoot);

    /// <summary>The catalog of the real core plugin, loaded once per test run.</summary>
    public static ComponentCatalog Catalog => SharedCatalog.Value;

    /// <summary>Every plugin bundled with the host (core and ViT), as the shipped experiments see them.</summary>
    public static ComponentCatalog BundledCatalog => SharedBundledCatalog.Value;

    /// <summary>The folder holding SimLap.Framework.sln.</summary>
    public static string RepositoryRoot => Root.Value;

    /// <summary>The build configuration of this test assembly (Debug unless built with -c Release).</summary>
    public static string BuildConfiguration => OutputSegments().Configuration;

    /// <summary>The target framework folder of this test assembly (net10.0).</summary>
    public static string TargetFramework => OutputSegments().Framework;

    /// <summary>The core plugin DLL built by the solution, in the same configuration as the tests.</summary>
    public static string CorePluginPath => PluginPath(PluginName);

    /// <summary>Loads the core plugin into a new catalog (a fresh load; prefer <see cref="Catalog"/>).</summary>
    public static ComponentCatalog LoadCorePlugin() => Load(CorePluginPath);

    private static string PluginPath(string name) =>
        Path.Combine(RepositoryRoot, "plugins", name, "bin", BuildConfiguration, TargetFramework, name + ".dll");

    private static ComponentCatalog Load(params string[] paths)
    {
        foreach (var path in paths.Where(p => !File.Exists(p)))
        {
            throw new InvalidOperationException($"The plugin was not built at '{path}'; build the solution (or this test project) first.");
        }

        var catalog = PluginLoading.Load(paths, NullLogger.Instance);
        if (catalog.Failures.Count > 0)
        {
            throw new InvalidOperationException($"A bundled plugin failed to load: {string.Join("; ", catalog.Failures.Select(f => f.Reason))}");
        }

        return catalog;
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "SimLap.Framework.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No SimLap.Framework.sln above '{AppContext.BaseDirectory}'.");
    }

    private static (string Configuration, string Framework) OutputSegments()
    {
        // .../tests/SimLap.Engine.Tests/bin/<Configuration>/<framework>/
        var parts = Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory).Split(Path.DirectorySeparatorChar);
        var bin = Array.LastIndexOf(parts, "bin");
        return bin >= 0 && bin + 2 < parts.Length ? (parts[bin + 1], parts[bin + 2]) : ("Debug", "net10.0");
    }
}
