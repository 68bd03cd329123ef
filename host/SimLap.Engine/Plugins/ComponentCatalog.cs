using System.Reflection;
using SimLap.Contracts.Components;
using SimLap.Engine.Configuration;

namespace SimLap.Engine.Plugins;

/// <summary>All components of the loaded plugins, found by YAML name.</summary>
public sealed class ComponentCatalog
{
    private readonly List<ComponentDescriptor> components = [];

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

    /// <summary>Registers the attributed component types of <paramref name="assembly"/>; returns problems found.</summary>
    public IReadOnlyList<string> Register(Assembly assembly, PluginInfo plugin)
    {
        var problems = new List<string>();
        foreach (var type in ExportedTypes(assembly))
        {
            if (type.GetCustomAttribute<SimLapComponentAttribute>() is not { } attribute)
            {
                continue;
            }

            var kinds = ComponentKinds.Implemented(type).ToList();
            if (kinds.Count != 1)
            {
                problems.Add($"{type.FullName} in plugin {plugin.Name} is registered as '{attribute.Name}' but implements {(kinds.Count == 0 ? "no component interface" : "several component interfaces")}; it was skipped.");
                continue;
            }

            var existing = components.FirstOrDefault(c => c.Kind == kinds[0] && c.Name == attribute.Name);
            if (existing is not null)
            {
                problems.Add($"two plugins register the {ComponentKinds.Section(kinds[0])} component '{attribute.Name}': {existing.Plugin.Name} ({existing.Plugin.Path}) and {plugin.Name} ({plugin.Path}); the first one is used.");
                continue;
            }

            components.Add(new ComponentDescriptor(kinds[0], attribute.Name, attribute.Description, attribute.OptionsType, type, plugin));
        }

        return problems;
    }

    /// <summary>The component of <paramref name="kind"/> named <paramref name="name"/>, or a configuration error at <paramref name="location"/>.</summary>
    public ComponentDescriptor Find(ComponentKind kind, string name, SourceLocation location)
    {
        var match = components.FirstOrDefault(c => c.Kind == kind && c.Name == name);
        if (match is not null)
        {
            return match;
        }

        var names = components.Where(c => c.Kind == kind).Select(c => c.Name).Order().ToList();
        var elsewhere = components.FirstOrDefault(c => c.Name == name);
        var note = elsewhere is not null ? $" ('{name}' is {Article(ComponentKinds.Section(elsewhere.Kind))} component.)" : "";
        throw new ConfigurationException(location, $"unknown {ComponentKinds.Section(kind)} type '{name}'.{Suggest.DidYouMean(name, names)}{note} Installed: {(names.Count == 0 ? "none" : string.Join(", ", names))}.");
    }

    /// <summary>Components named <paramref name="name"/> of any kind.</summary>
    public IEnumerable<ComponentDescriptor> Named(string name) => components.Where(c => c.Name == name);

    private static string Article(string word) => ("aeiou".Contains(word[0]) ? "an " : "a ") + word;

    private static IEnumerable<Type> ExportedTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetExportedTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.Where(t => t is not null).Cast<Type>();
        }
    }
}
