using SimLap.Contracts.Components;

namespace SimLap.Engine.Plugins;

/// <summary>
/// A class of a loaded plugin that carries <see cref="SimLapComponentAttribute"/> but cannot be used as a component
/// (its constructor, options class, name or interfaces are wrong); found when the plugin is loaded, before any data.
/// </summary>
/// <param name="Name">The YAML name its attribute declares.</param>
/// <param name="Kind">The kind it implements, or null when it implements none or several.</param>
/// <param name="ImplementationType">The class.</param>
/// <param name="Plugin">The plugin that holds it.</param>
/// <param name="Reason">What is wrong, as a sentence (or several) that ends with a full stop.</param>
public sealed record BrokenComponent(string Name, ComponentKind? Kind, Type ImplementationType, PluginInfo Plugin, string Reason)
{
    /// <summary>The paragraph <c>simlap plugins</c> and <c>simlap validate</c> print: the plugin's DLL, the class, and what is wrong.</summary>
    public string Message =>
        $"component '{Name}' of plugin {Plugin.Name} ({Plugin.Path}) cannot be used: {ImplementationType.FullName} {Reason} " +
        "Fix the class and rebuild the plugin; its other components are available.";
}
