namespace SimLap.Engine.Plugins;

/// <summary>A plugin that could not be loaded, with the reason.</summary>
/// <param name="Name">The plugin's name (its DLL's name).</param>
/// <param name="Path">The DLL's full path.</param>
/// <param name="Reason">Why it was not loaded, as a sentence fragment.</param>
public sealed record PluginLoadFailure(string Name, string Path, string Reason)
{
    /// <summary>The YAML names of the components it declares, when they could be read; these are unavailable.</summary>
    public IReadOnlyList<string> Components { get; init; } = [];
}
