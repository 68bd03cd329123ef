using SimLap.Contracts.Components;

namespace SimLap.Engine.Plugins;

/// <summary>A registered component: what YAML names it, what it implements, and where it comes from.</summary>
public sealed record ComponentDescriptor(ComponentKind Kind, string Name, string Description, Type OptionsType, Type ImplementationType, PluginInfo Plugin)
{
    /// <summary>Creates the component with bound options.</summary>
    public object Create(object options, ComponentContext context)
    {
        var constructor = ImplementationType.GetConstructor([OptionsType, typeof(ComponentContext)])
            ?? throw new InvalidOperationException($"component '{Name}' ({ImplementationType.FullName} in plugin {Plugin.Name}) has no public constructor ({OptionsType.Name} options, ComponentContext context).");
        try
        {
            return constructor.Invoke([options, context]);
        }
        catch (System.Reflection.TargetInvocationException e) when (e.InnerException is not null)
        {
            throw new ComponentException(this, e.InnerException);
        }
    }
}
