using System.Reflection;
using System.Text.RegularExpressions;
using SimLap.Contracts.Components;

namespace SimLap.Engine.Plugins;

/// <summary>
/// The checks a class marked <see cref="SimLapComponentAttribute"/> passes when its plugin is loaded: it implements
/// exactly one component interface, its name follows the name grammar, and it has exactly one public constructor
/// <c>(TOptions options, ComponentContext context)</c>, whose <c>TOptions</c> is the options class (a class the host can
/// create) and agrees with the options class the attribute repeats, if it does.
/// </summary>
public static partial class ComponentRegistration
{
    /// <summary>The name grammar, as docs/plugins.md states it: lower-case words of letters and digits joined by single dashes.</summary>
    public const string NameGrammar = "lower-case words of letters and digits joined by single dashes, starting with a letter (e.g. simlap-gate, resnet18-cifar)";

    /// <summary>True when <paramref name="name"/> follows <see cref="NameGrammar"/>.</summary>
    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    /// <summary>The component <paramref name="type"/> registers, or what is wrong with it.</summary>
    public static (ComponentDescriptor? Component, BrokenComponent? Broken) Check(Type type, SimLapComponentAttribute attribute, PluginInfo plugin)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(attribute);
        var kinds = ComponentKinds.Implemented(type).ToList();
        ComponentKind? kind = kinds.Count == 1 ? kinds[0] : null;
        var options = OptionsType(type, out var constructorProblem);
        var reason = InterfaceProblem(kinds) ?? NameProblem(attribute.Name) ?? constructorProblem ?? AttributeProblem(attribute, options!);
        return reason is null
            ? (new ComponentDescriptor(kind!.Value, attribute.Name, attribute.Description, options!, type, plugin), null)
            : (null, new BrokenComponent(attribute.Name, kind, type, plugin, reason));
    }

    private static string? InterfaceProblem(List<ComponentKind> kinds) => kinds.Count switch
    {
        1 => null,
        0 => $"implements no component interface; a component implements exactly one of {string.Join(", ", ComponentKinds.All.Select(k => ComponentKinds.Interface(k).Name))}.",
        _ => $"implements several component interfaces ({string.Join(", ", kinds.Select(k => ComponentKinds.Interface(k).Name))}); a component implements exactly one.",
    };

    private static string? NameProblem(string name)
    {
        if (name.Contains(ComponentCatalog.QualifierSeparator, StringComparison.Ordinal))
        {
            return $"is registered as '{name}', but a component name may not contain '{ComponentCatalog.QualifierSeparator}' (it separates a plugin's name from a component's in type: Plugin{ComponentCatalog.QualifierSeparator}name).";
        }

        return IsValidName(name) ? null : $"is registered as '{name}', but a component name is {NameGrammar}.";
    }

    /// <summary>The options class: the first parameter of the one public constructor, or null with the problem.</summary>
    private static Type? OptionsType(Type type, out string? problem)
    {
        const string Shape = "A component has exactly one public constructor, (TOptions options, ComponentContext context), whose first parameter's type is the options class bound from its YAML section.";
        var constructors = type.IsAbstract || type.ContainsGenericParameters ? [] : type.GetConstructors();
        problem = constructors.Length switch
        {
            _ when type.IsAbstract || type.ContainsGenericParameters => $"is {(type.IsAbstract ? "abstract" : "generic")}, so the host cannot create it. {Shape}",
            0 => $"has no public constructor. {Shape}",
            > 1 => $"has {constructors.Length} public constructors, {string.Join(" and ", constructors.Select(Signature))}, so which one the host should call is not clear. {Shape}",
            _ => ShapeProblem(constructors[0], Shape),
        };
        return problem is null ? constructors[0].GetParameters()[0].ParameterType : null;
    }

    private static string? ShapeProblem(ConstructorInfo constructor, string shape)
    {
        var parameters = constructor.GetParameters();
        if (parameters.Length != 2 || parameters[1].ParameterType != typeof(ComponentContext) || parameters[0].ParameterType == typeof(ComponentContext))
        {
            return $"has the public constructor {Signature(constructor)}. {shape}";
        }

        var options = parameters[0].ParameterType;
        if (!options.IsClass || options.IsAbstract || options.ContainsGenericParameters || options.GetConstructor(Type.EmptyTypes) is null)
        {
            return $"takes the options class {options.FullName}, which {(options.IsClass && !options.IsAbstract ? "has no public parameterless constructor" : "is not a class the host can create")}; the host creates the options class empty and sets the YAML keys on it (NoOptions is for components without any).";
        }

        return null;
    }

#pragma warning disable CS0618 // OptionsType is obsolete: it is read here only to check that it agrees with the constructor.
    private static string? AttributeProblem(SimLapComponentAttribute attribute, Type options) =>
        attribute.OptionsType is { } declared && declared != options
            ? $"declares the options class {declared.FullName} in its [SimLapComponent] attribute, but its constructor takes {options.FullName}; the host binds the constructor's. Write [SimLapComponent(\"{attribute.Name}\")], without the options class."
            : null;
#pragma warning restore CS0618

    private static string Signature(ConstructorInfo constructor) =>
        $"({string.Join(", ", constructor.GetParameters().Select(p => $"{p.ParameterType.Name} {p.Name}"))})";

    [GeneratedRegex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
