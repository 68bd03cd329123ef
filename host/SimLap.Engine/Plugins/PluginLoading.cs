using System.Reflection;
using System.Security.Cryptography;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.Logging;
using SimLap.Contracts;
using SimLap.Contracts.Data;
using SimLap.Engine.Configuration;
using TorchSharp;

namespace SimLap.Engine.Plugins;

/// <summary>
/// Finds plugin folders (<c>plugins/&lt;Name&gt;/&lt;Name&gt;.dll</c> beside the host, <c>SIMLAP_PLUGIN_PATH</c>, and the
/// experiment's <c>plugins:</c> list), loads each with McMaster.NETCore.Plugins sharing the contracts', TorchSharp's
/// and the logging abstractions' types, and registers their components. A plugin that fails is reported; the others load.
/// </summary>
public static class PluginLoading
{
    /// <summary>The environment variable listing extra plugin folders.</summary>
    public const string PluginPathVariable = "SIMLAP_PLUGIN_PATH";

    private static readonly Type[] SharedTypes = [typeof(IDataset), typeof(torch), typeof(ILogger)];

    /// <summary>The folder of plugins shipped with the host.</summary>
    public static string BundledPluginsFolder => Path.Combine(AppContext.BaseDirectory, "plugins");

    /// <summary>Loads the bundled plugins, those on <c>SIMLAP_PLUGIN_PATH</c>, and <paramref name="extraFolders"/>.</summary>
    public static ComponentCatalog LoadAll(IEnumerable<(string Folder, SourceLocation NamedAt)> extraFolders, ILogger logger)
    {
        var candidates = new List<string>();
        if (Directory.Exists(BundledPluginsFolder))
        {
            candidates.AddRange(PluginFiles(BundledPluginsFolder));
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(PluginPathVariable) ?? "";
        foreach (var entry in fromEnvironment.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            candidates.AddRange(PluginFiles(RequireFolder(entry, new SourceLocation($"environment variable {PluginPathVariable}", 0, 0))));
        }

        foreach (var (folder, namedAt) in extraFolders)
        {
            candidates.AddRange(PluginFiles(RequireFolder(folder, namedAt)));
        }

        return Load(candidates.Select(Path.GetFullPath).Distinct(), logger);
    }

    /// <summary>Loads the given plugin DLLs into a new catalog.</summary>
    public static ComponentCatalog Load(IEnumerable<string> pluginFiles, ILogger logger)
    {
        var loaded = new List<(Assembly Assembly, PluginInfo Info)>();
        var failures = new List<PluginLoadFailure>();
        foreach (var file in pluginFiles)
        {
            var name = Path.GetFileNameWithoutExtension(file);
            try
            {
                var loader = PluginLoader.CreateFromAssemblyFile(file, SharedTypes, config => config.PreferSharedTypes = true);
                var assembly = loader.LoadDefaultAssembly();
                var contracts = assembly.GetReferencedAssemblies().FirstOrDefault(a => a.Name == typeof(IDataset).Assembly.GetName().Name)?.Version;
                if (contracts is null)
                {
                    failures.Add(new PluginLoadFailure(name, file, "it does not reference SimLap.Contracts, so it has no components."));
                    continue;
                }

                if (contracts.Major != ContractsVersion.Major)
                {
                    failures.Add(new PluginLoadFailure(name, file, $"it was built against SimLap.Contracts {contracts.Major}.{contracts.Minor}, but this host provides {ContractsVersion.Text}; rebuild the plugin against contracts {ContractsVersion.Major}.x."));
                    continue;
                }

                var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
                    ?? assembly.GetName().Version?.ToString() ?? "0";
                loaded.Add((assembly, new PluginInfo(name, file, version, contracts, Sha256(file))));
            }
            catch (Exception e) when (e is IOException or BadImageFormatException or FileLoadException or ReflectionTypeLoadException or InvalidOperationException or ArgumentException)
            {
                failures.Add(new PluginLoadFailure(name, file, e.Message));
            }
        }

        var catalog = new ComponentCatalog(loaded.Select(l => l.Info), failures);
        foreach (var (assembly, info) in loaded)
        {
            foreach (var problem in catalog.Register(assembly, info))
            {
                logger.LogWarning("{Problem}", problem);
            }
        }

        foreach (var failure in failures)
        {
            logger.LogWarning("Plugin {Name} ({Path}) was not loaded: {Reason}", failure.Name, failure.Path, failure.Reason);
        }

        return catalog;
    }

    private static string RequireFolder(string folder, SourceLocation namedAt)
    {
        if (!Directory.Exists(folder))
        {
            throw new ConfigurationException(namedAt, $"plugin folder '{folder}' does not exist. A plugin folder holds <Name>.dll (as built with EnableDynamicLoading), or sub-folders that each hold one.");
        }

        return folder;
    }

    private static IEnumerable<string> PluginFiles(string folder)
    {
        var own = Path.Combine(folder, Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder))) + ".dll");
        if (File.Exists(own))
        {
            return [own];
        }

        return Directory.EnumerateDirectories(folder)
            .Select(d => Path.Combine(d, Path.GetFileName(d) + ".dll"))
            .Where(File.Exists)
            .Order(StringComparer.Ordinal);
    }

    private static string Sha256(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
