using System.Reflection;
using SimLap.Contracts.Components;
using SimLap.Engine.Configuration;

namespace SimLap.Engine.Plugins;

/// <summary>
/// All components of the loaded plugins, found by YAML name. Two plugins may register the same name: both stay
/// registered, and an experiment must then say which it means with the plugin's name, <c>type: My.Plugin:name</c>.
/// </summary>
public sealed class ComponentCatalog
{
    /// <summary>Separates a plugin's name from a component's in a qualified YAML type (<c>My.Plugin:name</c>).</summary>
    public const char QualifierSeparator = ':';

    private readonly List<ComponentDescriptor> components = [];
    private readonly List<BrokenComponent> broken = [];

    /// <summary>Creates a catalog from loaded plugins, and the failures met while loading them.</summary>
    public ComponentCatalog(IEnumerable<PluginInfo> plugins, IEnumerable<PluginLoadFailure> failures)
    {
        Plugins = plugins.ToList();
        Failures = failures.ToList();
    }

    /// <summary>The plugins loaded.</summary>
    public IReadOnlyList<PluginInfo> Plugins { get; }

    /// <summary>The plugins that failed to load.</summary>
    public IReadOnlyList<PluginLoadFailure> Failures { get; }

    /// <summary>Every registered component.</summary>
    public IReadOnlyList<ComponentDescriptor> Components => components;

    /// <summary>The classes marked as components that failed the registration checks, with what is wrong with each.</summary>
    public IReadOnlyList<BrokenComponent> Broken => broken;

    /// <summary>Registers the attributed component types of <paramref name="assembly"/>; returns problems found.</summary>
    public IReadOnlyList<string> Register(Assembly assembly, PluginInfo plugin)
    {
        var problems = new List<string>();
        problems.AddRange(Register(ExportedTypes(assembly, plugin, problems), plugin));
        return problems;
    }

    /// <summary>
    /// Registers the attributed types among <paramref name="types"/> as <paramref name="plugin"/>'s components, after the
    /// checks of <see cref="ComponentRegistration"/>; a type that fails them is kept in <see cref="Broken"/> and its
    /// message returned.
    /// </summary>
    public IReadOnlyList<string> Register(IEnumerable<Type> types, PluginInfo plugin)
    {
        var problems = new List<string>();
        foreach (var type in types)
        {
            if (type.GetCustomAttribute<SimLapComponentAttribute>() is not { } attribute)
            {
                continue;
            }

            var (component, problem) = ComponentRegistration.Check(type, attribute, plugin);
            if (component is not null)
            {
                components.Add(component);
            }
            else
            {
                broken.Add(problem!);
                problems.Add(problem!.Message);
            }
        }

        return problems;
    }

    /// <summary>
    /// The component of <paramref name="kind"/> named <paramref name="name"/> (or <c>Plugin:name</c>), or a configuration error
    /// at <paramref name="location"/>: unknown, broken, or registered by several plugins (naming each, with the qualified names to write).
    /// </summary>
    public ComponentDescriptor Find(ComponentKind kind, string name, SourceLocation location)
    {
        var section = ComponentKinds.Section(kind);
        var (pluginName, componentName) = Split(name);
        var matches = components.Where(c => c.Kind == kind && c.Name == componentName && (pluginName is null || c.Plugin.Name == pluginName)).ToList();
        if (matches.Count == 1)
        {
            return pluginName is not null ? matches[0] with { Name = name } : Unshadowed(matches[0], section, name, location);
        }

        if (matches.Count > 1)
        {
            var owners = string.Join(" and ", matches.Select(m => $"{m.Plugin.Name} ({m.Plugin.Path})"));
            var qualified = string.Join(" or ", matches.Select(m => $"'{m.Plugin.Name}{QualifierSeparator}{m.Name}'"));
            throw new ConfigurationException(location, $"{section} type '{name}' is ambiguous: it is registered by {owners}. Say which with the plugin's name: type: {qualified}.");
        }

        if (BrokenNamed(kind, componentName, pluginName).FirstOrDefault() is { } unusable)
        {
            throw new ConfigurationException(location, $"{section} type '{name}': {unusable.Message}");
        }

        throw new ConfigurationException(location, pluginName is not null ? NotInPlugin(kind, pluginName, componentName, name) : Unknown(kind, name));
    }

    /// <summary>The only healthy match of an unqualified name, unless a failed plugin or a broken component declares the name too.</summary>
    private ComponentDescriptor Unshadowed(ComponentDescriptor match, string section, string name, SourceLocation location)
    {
        // A plugin that failed to load declares the name too: taking the other one silently could run the wrong component.
        if (Failures.FirstOrDefault(f => f.Components.Contains(name)) is { } failed)
        {
            throw new ConfigurationException(location, $"{section} type '{name}' is registered by {match.Plugin.Name} ({match.Plugin.Path}), but plugin {failed.Name} ({failed.Path}), which failed to load, declares it too: {failed.Reason} Write type: '{match.Plugin.Name}{QualifierSeparator}{name}' to use {match.Plugin.Name}'s.");
        }

        if (BrokenNamed(match.Kind, name, null).FirstOrDefault(b => b.Plugin.Name != match.Plugin.Name) is { } unusable)
        {
            throw new ConfigurationException(location, $"{section} type '{name}' is registered by {match.Plugin.Name} ({match.Plugin.Path}), but another is declared too: {unusable.Message} Write type: '{match.Plugin.Name}{QualifierSeparator}{name}' to use {match.Plugin.Name}'s.");
        }

        return match;
    }

    /// <summary>Broken components of <paramref name="kind"/> (or of no single kind) named <paramref name="name"/>, in <paramref name="pluginName"/> if given.</summary>
    private IEnumerable<BrokenComponent> BrokenNamed(ComponentKind kind, string name, string? pluginName) =>
        broken.Where(b => b.Name == name && (b.Kind is null || b.Kind == kind) && (pluginName is null || b.Plugin.Name == pluginName));

    private string NotInPlugin(ComponentKind kind, string pluginName, string componentName, string name)
    {
        var section = ComponentKinds.Section(kind);
        if (Plugins.All(p => p.Name != pluginName))
        {
            var loaded = Plugins.Select(p => p.Name).ToList();
            var failed = Failures.FirstOrDefault(f => f.Name == pluginName);
            var why = failed is not null ? $" It was not loaded: {failed.Reason}" : $"{Suggest.DidYouMean(pluginName, loaded)} Loaded plugins: {(loaded.Count == 0 ? "none" : string.Join(", ", loaded))}.";
            return $"{section} type '{name}' names plugin '{pluginName}', which is not loaded.{why}";
        }

        var own = components.Where(c => c.Kind == kind && c.Plugin.Name == pluginName).Select(c => c.Name).Order().ToList();
        return $"plugin {pluginName} has no {section} component '{componentName}'.{Suggest.DidYouMean(componentName, own)} Its {section} components: {(own.Count == 0 ? "none" : string.Join(", ", own))}.";
    }

    private string Unknown(ComponentKind kind, string name)
    {
        var section = ComponentKinds.Section(kind);
        var names = components.Where(c => c.Kind == kind).Select(c => c.Name).Distinct().Order().ToList();
        var elsewhere = components.FirstOrDefault(c => c.Name == name);
        var note = elsewhere is not null ? $" ('{name}' is a {ComponentKinds.Section(elsewhere.Kind)} component.)" : "";
        var unavailable = Failures.FirstOrDefault(f => f.Components.Contains(name));
        if (unavailable is not null)
        {
            note += $" ('{name}' comes from plugin {unavailable.Name}, which was not loaded: {unavailable.Reason})";
        }
        else if (Failures.FirstOrDefault(f => f.Components.Count == 0) is { } unknown)
        {
            // Its components could not be read, so it may be the one that registers the name.
            note += $" (Plugin {unknown.Name} ({unknown.Path}) was not loaded, so its components are unknown: {unknown.Reason})";
        }

        return $"unknown {section} type '{name}'.{Suggest.DidYouMean(name, names)}{note} Installed: {(names.Count == 0 ? "none" : string.Join(", ", names))}.";
    }

    /// <summary>Components named <paramref name="name"/> (or <c>Plugin:name</c>) of any kind.</summary>
    public IEnumerable<ComponentDescriptor> Named(string name)
    {
        var (pluginName, componentName) = Split(name);
        return components.Where(c => c.Name == componentName && (pluginName is null || c.Plugin.Name == pluginName));
    }

    /// <summary>Splits <c>Plugin:name</c> into its parts; a name without a qualifier has a null plugin.</summary>
    public static (string? Plugin, string Name) Split(string name)
    {
        var separator = name.LastIndexOf(QualifierSeparator);
        return separator > 0 && separator < name.Length - 1 ? (name[..separator], name[(separator + 1)..]) : (null, name);
    }

    private static IEnumerable<Type> ExportedTypes(Assembly assembly, PluginInfo plugin, List<string> problems)
    {
        try
        {
            return assembly.GetExportedTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            problems.Add($"plugin {plugin.Name} ({plugin.Path}): some types could not be loaded ({e.LoaderExceptions.FirstOrDefault()?.Message}); their components are unavailable.");
            return e.Types.Where(t => t is not null).Cast<Type>();
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or TypeLoadException)
        {
            problems.Add($"plugin {plugin.Name} ({plugin.Path}): its types could not be loaded ({e.Message}); none of its components are available.");
            return [];
        }
    }
}
