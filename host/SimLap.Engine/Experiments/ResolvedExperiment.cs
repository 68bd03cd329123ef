using SimLap.Contracts.Components;
using SimLap.Engine.Configuration;
using SimLap.Engine.Plugins;
using SimLap.Tracking;
using YamlDotNet.Serialization;

namespace SimLap.Engine.Experiments;

/// <summary>An experiment after extends, overrides, plugin discovery, binding and validation: ready to build.</summary>
public sealed class ResolvedExperiment
{
    /// <summary>Creates a resolved experiment.</summary>
    public ResolvedExperiment(string sourceFile, ExperimentOptions options, IReadOnlyDictionary<ComponentKind, ResolvedComponent> components, IReadOnlyList<ResolvedComponent> evaluators, ComponentCatalog catalog)
    {
        SourceFile = sourceFile;
        Options = options;
        Components = components;
        Evaluators = evaluators;
        Catalog = catalog;
    }

    /// <summary>The experiment file.</summary>
    public string SourceFile { get; }

    /// <summary>The command line's <c>--set</c> assignments (<c>key=value</c>), which name a single run that has no <c>tracking.run_name</c>.</summary>
    public IReadOnlyList<string> CommandLineOverrides { get; init; } = [];

    /// <summary>The top-level options.</summary>
    public ExperimentOptions Options { get; }

    /// <summary>The single-component sections, by kind.</summary>
    public IReadOnlyDictionary<ComponentKind, ResolvedComponent> Components { get; }

    /// <summary>The evaluators, in the order written.</summary>
    public IReadOnlyList<ResolvedComponent> Evaluators { get; }

    /// <summary>The plugins and components available.</summary>
    public ComponentCatalog Catalog { get; }

    /// <summary>The component of a kind.</summary>
    public ResolvedComponent this[ComponentKind kind] => Components[kind];

    /// <summary>The fully resolved configuration: every key, defaults included, as nested dictionaries in YAML key order.</summary>
    public IDictionary<string, object?> ToTree()
    {
        var tree = ToTree(Options);
        foreach (var (kind, component) in Components.OrderBy(c => c.Key))
        {
            tree[ComponentKinds.Section(kind)] = SectionTree(component);
        }

        tree[ComponentKinds.Section(ComponentKind.Evaluator)] = Evaluators.Select(SectionTree).ToList();
        return tree;
    }

    /// <summary>The resolved configuration as YAML text.</summary>
    public string ToYaml() => new SerializerBuilder().DisableAliases().WithQuotingNecessaryStrings().Build().Serialize(ToTree());

    /// <summary>Every resolved value as a dotted key (<c>train.optimizer.lr</c>, <c>eval.0.k</c>) with its text.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ToParams()
    {
        var result = new List<KeyValuePair<string, string>>();
        Flatten("", ToTree(), result);
        return result;
    }

    private static Dictionary<string, object?> SectionTree(ResolvedComponent component)
    {
        var tree = new Dictionary<string, object?> { ["type"] = component.Descriptor.Name };
        foreach (var (key, value) in ToTree(component.Options))
        {
            tree[key] = value;
        }

        if (component.Every > 0)
        {
            tree[ExperimentResolver.EveryKey] = component.Every;
        }

        if (component.Data is { } data)
        {
            tree[ExperimentResolver.DataKey] = SectionTree(data);
        }

        return tree;
    }

    private static Dictionary<string, object?> ToTree(object options)
    {
        var tree = new Dictionary<string, object?>();
        foreach (var option in OptionsSchema.For(options.GetType()).Options)
        {
            var value = option.Property.GetValue(options);
            tree[option.Key] = value switch
            {
                null => null,
                _ when option.IsNested => ToTree(value),
                Array array => array.Cast<object?>().Select(Scalar).ToList(),
                _ => Scalar(value),
            };
        }

        return tree;
    }

    // Credentials in any value (a tracking URI's password, a ?token= in a download URL) never reach params or resolved.yaml.
    private static object? Scalar(object? value) => value switch
    {
        Enum => OptionDescriptor.Format(value),
        string text => SecretRedaction.Redact(text),
        _ => value,
    };

    private static void Flatten(string prefix, object? node, List<KeyValuePair<string, string>> into)
    {
        switch (node)
        {
            case IDictionary<string, object?> map:
                foreach (var (key, value) in map)
                {
                    Flatten(prefix.Length == 0 ? key : $"{prefix}.{key}", value, into);
                }

                break;
            case List<Dictionary<string, object?>> sections:
                for (var i = 0; i < sections.Count; i++)
                {
                    Flatten($"{prefix}.{i}", sections[i], into);
                }

                break;
            case List<object?> list:
                into.Add(new(prefix, "[" + string.Join(", ", list.Select(OptionDescriptor.Format)) + "]"));
                break;
            default:
                into.Add(new(prefix, OptionDescriptor.Format(node)));
                break;
        }
    }
}
