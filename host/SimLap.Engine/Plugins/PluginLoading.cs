using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.Logging;
using SimLap.Contracts;
using SimLap.Contracts.Components;
using SimLap.Contracts.Data;
using SimLap.Engine.Configuration;
using TorchSharp;

namespace SimLap.Engine.Plugins;

/// <summary>
/// Finds plugin folders (<c>plugins/&lt;Name&gt;/&lt;Name&gt;.dll</c> beside the host, <c>SIMLAP_PLUGIN_PATH</c>, and the
/// experiment's <c>plugins.paths</c>; never the working directory), checks the experiment's SHA-256 pins before loading
/// anything (a pin covers every file of the plugin's folder), refuses plugins other users could change, loads each plugin into its own load context with McMaster.NETCore.Plugins, and registers its components.
/// The contracts', TorchSharp's and the logging abstractions' assemblies (and everything they reference) are shared
/// with the host; every other assembly a plugin ships (another YamlDotNet, say) stays private to that plugin. A plugin
/// that fails is reported; the others load.
/// </summary>
public static class PluginLoading
{
    /// <summary>The environment variable listing extra plugin folders.</summary>
    public const string PluginPathVariable = "SIMLAP_PLUGIN_PATH";

    private static readonly Type[] SharedTypes = [typeof(IDataset), typeof(torch), typeof(ILogger)];
    private static readonly Lazy<HashSet<string>> Shared = new(SharedAssemblyNames);

    /// <summary>The folder of plugins shipped with the host.</summary>
    public static string BundledPluginsFolder => Path.Combine(AppContext.BaseDirectory, "plugins");

    /// <summary>Names of the assemblies a plugin shares with the host: those of the contracts, TorchSharp and logging, and their references.</summary>
    public static IReadOnlyCollection<string> SharedAssemblies => Shared.Value;

    /// <summary>Loads the bundled plugins, those on <c>SIMLAP_PLUGIN_PATH</c>, and <paramref name="extraFolders"/>, after checking <paramref name="pins"/>.</summary>
    /// <exception cref="ConfigurationException">A folder does not exist, an environment entry is relative, or a pin does not match.</exception>
    public static ComponentCatalog LoadAll(IEnumerable<(string Folder, SourceLocation NamedAt)> extraFolders, ILogger logger, IReadOnlyCollection<PluginPin>? pins = null) =>
        LoadAll(new PluginSettings([.. extraFolders], [.. pins ?? []]), logger);

    /// <summary>Loads the bundled plugins, those on <c>SIMLAP_PLUGIN_PATH</c>, and the experiment's, after checking its pins.</summary>
    /// <exception cref="ConfigurationException">A folder does not exist, an environment entry is relative, or a pin does not match.</exception>
    public static ComponentCatalog LoadAll(PluginSettings settings, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var candidates = new List<string>();
        if (Directory.Exists(BundledPluginsFolder))
        {
            candidates.AddRange(PluginFiles(BundledPluginsFolder));
        }

        foreach (var (folder, namedAt) in EnvironmentFolders(Environment.GetEnvironmentVariable(PluginPathVariable)).Concat(settings.Folders))
        {
            var found = PluginFiles(RequireFolder(folder, namedAt)).ToList();
            if (found.Count == 0 && !settings.AllowWritable && PluginPermissions.Problem(folder) is { } problem)
            {
                // Empty now; another user could still drop a plugin in it later.
                logger.LogWarning("Plugin folder {Folder} ({NamedAt}): {Problem}, so another user could put code there that would run as you; a plugin found in it will not be loaded.", folder, namedAt, problem);
            }

            candidates.AddRange(found);
        }

        return Load(candidates.Select(Path.GetFullPath).Distinct(), logger, settings.Pins, settings.AllowWritable);
    }

    /// <summary>
    /// The folders named by a <c>SIMLAP_PLUGIN_PATH</c> value (separated by <see cref="Path.PathSeparator"/>; empty entries
    /// are skipped). A relative entry is refused: it would load whatever the working directory holds.
    /// </summary>
    /// <exception cref="ConfigurationException">An entry is a relative path.</exception>
    public static IReadOnlyList<(string Folder, SourceLocation NamedAt)> EnvironmentFolders(string? value)
    {
        var location = new SourceLocation($"environment variable {PluginPathVariable}", 0, 0);
        var folders = new List<(string, SourceLocation)>();
        foreach (var entry in (value ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Path.IsPathFullyQualified(entry))
            {
                throw new ConfigurationException(location, $"'{entry}' is a relative path; plugins are never loaded from the working directory by accident, so {PluginPathVariable} takes absolute folders only (e.g. {Path.GetFullPath(entry)}).");
            }

            folders.Add((entry, location));
        }

        return folders;
    }

    /// <summary>
    /// Loads the given plugin DLLs into a new catalog; the first of several plugins with one name wins. A plugin whose
    /// folder (or its parent, or anything in it) other users could change is not loaded unless <paramref name="allowWritable"/>.
    /// </summary>
    /// <exception cref="ConfigurationException">A pin names a plugin that was not found, or whose folder has another hash; nothing is loaded then.</exception>
    public static ComponentCatalog Load(IEnumerable<string> pluginFiles, ILogger logger, IReadOnlyCollection<PluginPin>? pins = null, bool allowWritable = false)
    {
        var failures = new List<PluginLoadFailure>();
        var chosen = Choose(pluginFiles, logger, allowWritable, failures);
        var pinProblems = CheckPins(chosen.Select(c => (c.Name, c.Manifest)), pins ?? [], failures);
        if (pinProblems.Count > 0)
        {
            throw new ConfigurationException(pinProblems);
        }

        var loaded = chosen.Select(c => LoadOne(c.Name, c.File, c.Manifest, failures)).OfType<(Assembly Assembly, PluginInfo Info)>().ToList();
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

    /// <summary>The plugins to load, with their manifests: the first of each name, and not one other users could change (unless allowed).</summary>
    private static List<(string Name, string File, PluginManifest Manifest)> Choose(IEnumerable<string> pluginFiles, ILogger logger, bool allowWritable, List<PluginLoadFailure> failures)
    {
        var chosen = new List<(string Name, string File, PluginManifest Manifest)>();
        foreach (var file in pluginFiles)
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (chosen.FirstOrDefault(c => c.Name == name) is { File: not null } first)
            {
                failures.Add(new PluginLoadFailure(name, file, $"a plugin of the same name was found first at {first.File} and is the one used (plugin names are unique; the order is: beside the host, {PluginPathVariable}, the experiment's plugins.paths)."));
                continue;
            }

            if (Admit(name, file, logger, allowWritable, failures) is { } manifest)
            {
                chosen.Add((name, file, manifest));
            }
        }

        return chosen;
    }

    /// <summary>The manifest of the plugin's folder, or null (the reason recorded) when other users could change it and that is not allowed, or it cannot be read.</summary>
    private static PluginManifest? Admit(string name, string file, ILogger logger, bool allowWritable, List<PluginLoadFailure> failures)
    {
        try
        {
            var walk = PluginFolderWalk.Of(Path.GetDirectoryName(file)!);
            if (WritableReason(walk) is { } writable)
            {
                if (!allowWritable)
                {
                    failures.Add(new PluginLoadFailure(name, file, writable + $" Make each of these writable by you alone (chmod go-w, and chown to you), or set plugins.{PluginSettings.AllowWritableKey}: true in the experiment to load it anyway."));
                    return null;
                }

                logger.LogWarning("Plugin {Name} ({Path}) is loaded although {Reason} (plugins.{Key} is true).", name, file, writable, PluginSettings.AllowWritableKey);
            }

            return PluginManifest.Compute(walk);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            failures.Add(new PluginLoadFailure(name, file, e.Message));
            return null;
        }
    }

    /// <summary>Loads one plugin into its own load context, or records why it cannot be used and returns null.</summary>
    private static (Assembly Assembly, PluginInfo Info)? LoadOne(string name, string file, PluginManifest manifest, List<PluginLoadFailure> failures)
    {
        try
        {
            var loader = PluginLoader.CreateFromAssemblyFile(file, SharedTypes, config => config.PreferSharedTypes = false);
            var assembly = loader.LoadDefaultAssembly();
            var contracts = assembly.GetReferencedAssemblies().FirstOrDefault(a => a.Name == typeof(IDataset).Assembly.GetName().Name)?.Version;
            if (Unusable(assembly, file, contracts) is { } failure)
            {
                failures.Add(failure);
                return null;
            }

            var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
                ?? assembly.GetName().Version?.ToString() ?? "0";
            return (assembly, new PluginInfo(name, file, version, contracts!, manifest));
        }
        catch (Exception e) when (e is IOException or BadImageFormatException or FileLoadException or ReflectionTypeLoadException or InvalidOperationException or ArgumentException or JsonException)
        {
            failures.Add(new PluginLoadFailure(name, file, e.Message));
            return null;
        }
    }

    /// <summary>Why a loaded plugin assembly cannot be used (no contracts, another major version, missing dependencies), or null.</summary>
    private static PluginLoadFailure? Unusable(Assembly assembly, string file, Version? contracts)
    {
        var name = Path.GetFileNameWithoutExtension(file);
        if (contracts is null)
        {
            return new PluginLoadFailure(name, file, "it does not reference SimLap.Contracts, so it has no components.");
        }

        if (contracts.Major != ContractsVersion.Major)
        {
            return new PluginLoadFailure(name, file, $"it was built against SimLap.Contracts {contracts.Major}.{contracts.Minor}, but this host provides {ContractsVersion.Text}; rebuild the plugin against contracts {ContractsVersion.Major}.x.");
        }

        var missing = MissingDependencies(file);
        if (missing.Count == 0)
        {
            return null;
        }

        var components = DeclaredComponents(assembly);
        return new PluginLoadFailure(name, file, $"it needs {string.Join(", ", missing)}, which {(missing.Count == 1 ? "is" : "are")} missing from {Path.GetDirectoryName(file)} (copy the plugin's whole build output){(components.Count > 0 ? $"; its components {string.Join(", ", components.Select(c => $"'{c}'"))} are unavailable" : "")}.")
        {
            Components = components,
        };
    }

    /// <summary>
    /// Problems with <paramref name="pins"/> against the plugins found: a pinned plugin that is missing or was
    /// <paramref name="refused"/>, or whose folder has another SHA-256 (naming the files that differ when the pin's
    /// manifest is known), or a pin of the main DLL alone (the old form, which does not cover the files beside it).
    /// </summary>
    public static IReadOnlyList<string> CheckPins(IEnumerable<(string Name, PluginManifest Manifest)> plugins, IEnumerable<PluginPin> pins, IEnumerable<PluginLoadFailure>? refused = null)
    {
        var found = plugins.ToList();
        var problems = new List<string>();
        foreach (var pin in pins)
        {
            var plugin = found.FirstOrDefault(p => p.Name == pin.Plugin);
            if (plugin.Name is null)
            {
                var names = found.Select(p => p.Name).ToList();
                problems.Add(refused?.FirstOrDefault(f => f.Name == pin.Plugin) is { } failure
                    ? $"{pin.Location}: plugin {pin.Plugin} is pinned but was not loaded ({failure.Path}): {failure.Reason} Nothing was run."
                    : $"{pin.Location}: plugin {pin.Plugin} is pinned but was not found.{Suggest.DidYouMean(pin.Plugin, names)} Found: {(names.Count == 0 ? "none" : string.Join(", ", names))}. Nothing was run.");
            }
            else if (plugin.Manifest.Sha256 == pin.Sha256)
            {
                PluginManifestCache.Remember(plugin.Manifest);
            }
            else
            {
                problems.Add(Mismatch(pin, plugin.Manifest));
            }
        }

        return problems;
    }

    private static string Mismatch(PluginPin pin, PluginManifest actual)
    {
        var dll = pin.Plugin + ".dll";
        if (actual.Files.Any(f => f.Path == dll && f.Sha256 == pin.Sha256))
        {
            return $"{pin.Location}: plugins.pin.{pin.Plugin} is the SHA-256 of {dll} alone, an old-style pin that does not cover the files beside it (a replaced dependency would run under it), so it is no longer accepted. " +
                $"Pin the plugin's folder ({actual.Folder}) instead: {pin.Plugin}: {actual.Sha256}, as simlap plugins prints it, once you have checked that the folder holds what you expect. Nothing was run.";
        }

        var expected = pin.Manifest ?? PluginManifestCache.Recall(pin.Sha256);
        var what = expected is null
            ? "which of its files changed is not known here (pin a manifest file to have them named: simlap plugins --manifest " + pin.Plugin + " > " + pin.Plugin + ".sha256)"
            : actual.Differences(expected) is { Length: > 0 } differences ? differences : "the same files";
        return $"{pin.Location}: plugin {pin.Plugin} ({actual.Folder}) does not match its pin: {what}; expected SHA-256 {pin.Sha256}, actual {actual.Sha256}. Nothing was run; update the pin only if you trust the new files.";
    }

    /// <summary>Why other users could change the plugin's code, or null when they cannot.</summary>
    private static string? WritableReason(PluginFolderWalk walk)
    {
        var problems = PluginPermissions.Problems(walk);
        if (problems.Count == 0)
        {
            return null;
        }

        var listed = string.Join("; ", problems.Take(3)) + (problems.Count > 3 ? $"; and {problems.Count - 3} more" : "");
        return $"another user could replace code that would run as you: {listed}.";
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

    /// <summary>The managed dependencies listed in the plugin's deps.json that are neither beside it nor shared with the host.</summary>
    private static IReadOnlyList<string> MissingDependencies(string pluginFile)
    {
        var depsFile = Path.ChangeExtension(pluginFile, ".deps.json");
        if (!File.Exists(depsFile))
        {
            return [];
        }

        var folder = Path.GetDirectoryName(pluginFile)!;
        using var deps = JsonDocument.Parse(File.ReadAllText(depsFile));
        var missing = new List<string>();
        if (!deps.RootElement.TryGetProperty("targets", out var targets))
        {
            return missing;
        }

        // The first target is the framework the plugin was built for.
        foreach (var target in targets.EnumerateObject().Take(1))
        {
            foreach (var library in target.Value.EnumerateObject())
            {
                AddMissingAssets(library, folder, missing);
            }
        }

        return missing;
    }

    /// <summary>Adds the runtime assemblies of a deps.json library that are neither in <paramref name="folder"/> nor shared with the host.</summary>
    private static void AddMissingAssets(JsonProperty library, string folder, List<string> missing)
    {
        if (!library.Value.TryGetProperty("runtime", out var runtime))
        {
            return;
        }

        foreach (var asset in runtime.EnumerateObject())
        {
            var fileName = Path.GetFileName(asset.Name);
            if (!fileName.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || Shared.Value.Contains(Path.GetFileNameWithoutExtension(fileName)))
            {
                continue;
            }

            if (!File.Exists(Path.Combine(folder, fileName)) && !File.Exists(Path.Combine(folder, asset.Name)))
            {
                missing.Add($"{fileName} ({library.Name.Replace('/', ' ')})");
            }
        }
    }

    private static IReadOnlyList<string> DeclaredComponents(Assembly assembly)
    {
        try
        {
            return assembly.GetExportedTypes()
                .Select(t => t.GetCustomAttribute<SimLapComponentAttribute>()?.Name)
                .OfType<string>()
                .Order(StringComparer.Ordinal)
                .ToList();
        }
        catch (Exception e) when (e is ReflectionTypeLoadException or FileNotFoundException or FileLoadException or TypeLoadException)
        {
            return [];
        }
    }

    private static HashSet<string> SharedAssemblyNames()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<AssemblyName>(SharedTypes.Select(t => t.Assembly.GetName()));
        while (pending.TryDequeue(out var name))
        {
            if (name.Name is null || !names.Add(name.Name))
            {
                continue;
            }

            try
            {
                foreach (var reference in AssemblyLoadContext.Default.LoadFromAssemblyName(name).GetReferencedAssemblies())
                {
                    pending.Enqueue(reference);
                }
            }
            catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
            {
                // Not in the host either: nothing to share.
            }
        }

        return names;
    }
}
