namespace SimLap.Engine.Plugins;

/// <summary>A component that threw while being built, validated or used, naming the component and its plugin.</summary>
/// <param name="component">The component that failed.</param>
/// <param name="inner">What it threw.</param>
/// <param name="doing">What the host was doing with it, as a phrase after "failed" (e.g. "while validating its options"); empty when building or running it.</param>
public sealed class ComponentException(ComponentDescriptor component, Exception inner, string doing = "")
    : Exception($"{ComponentKinds.Section(component.Kind)} component '{component.Name}' (plugin {component.Plugin.Name}) failed{(doing.Length > 0 ? " " + doing : "")}: {inner.Message}", inner)
{
    /// <summary>The component that failed.</summary>
    public ComponentDescriptor Component { get; } = component;
}
