using Microsoft.Extensions.Logging;
using SimLap.Contracts.Components;
using SimLap.Engine.Configuration;
using SimLap.Engine.Plugins;

namespace SimLap.Engine.Experiments;

/// <summary>Turns an experiment file plus overrides into a <see cref="ResolvedExperiment"/>, or a configuration error listing every problem.</summary>
public static class ExperimentResolver
{
    private static readonly ComponentKind[] RequiredKinds =
        [ComponentKind.Dataset, ComponentKind.Augmentation, ComponentKind.Backbone, ComponentKind.Projector, ComponentKind.PairSampler, ComponentKind.SubspaceHead, ComponentKind.Loss];

    /// <summary>Reads, merges, overrides, loads plugins and binds (an experiment without a sweep).</summary>
    public static ResolvedExperiment Resolve(string path, IEnumerable<string> overrides, ILogger logger, Func<IEnumerable<(string, SourceLocation)>, ComponentCatalog>? loadPlugins = null)
    {
        var loaded = Load(path, overrides, logger, loadPlugins);
        if (loaded.IsSweep)
        {
            throw new ConfigurationException(loaded.Root.Location, $"'{path}' is a sweep of {loaded.Trials.Count} trials; run it with simlap run (all trials, or --trial I).");
        }

        return loaded.Bind(loaded.Trials[0]);
    }

    /// <summary>Reads, merges, overrides, loads plugins and expands the sweep, without binding.</summary>
    public static LoadedExperiment Load(string path, IEnumerable<string> overrides, ILogger logger, Func<IEnumerable<(string, SourceLocation)>, ComponentCatalog>? loadPlugins = null)
    {
        var assignments = overrides.ToList();
        var root = ConfigOverrides.Apply(PluginSettings.Normalize(ExperimentFileLoader.Load(path)), assignments);
        var trials = SweepExpander.Expand(root[SweepExpander.Key]);
        var sweepSection = root[SweepExpander.Key];
        var isSweep = sweepSection is not null;
        root = root.Without(SweepExpander.Key);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var plugins = PluginSettings.Read(root[PluginSettings.Key], folder);
        ComponentCatalog catalog;
        if (loadPlugins is null)
        {
            // Pins are checked before any plugin is loaded.
            catalog = PluginLoading.LoadAll(plugins, logger);
        }
        else
        {
            catalog = loadPlugins(plugins.Folders);
            var problems = PluginLoading.CheckPins(catalog.Plugins.Select(p => (p.Name, p.Manifest)), plugins.Pins, catalog.Failures);
            if (problems.Count > 0)
            {
                throw new ConfigurationException(problems);
            }
        }

        return new LoadedExperiment(path, root, catalog, trials, isSweep) { CommandLineOverrides = assignments, SweepSection = sweepSection };
    }

    /// <summary>Binds a merged configuration against a catalog.</summary>
    public static ResolvedExperiment Bind(ConfigMap root, string path, ComponentCatalog catalog)
    {
        root = PluginSettings.ForBinding(root);
        var binder = new OptionsBinder();
        var sections = ComponentKinds.All.Select(ComponentKinds.Section).ToList();
        var options = (ExperimentOptions)binder.Bind(root, typeof(ExperimentOptions), "", $"an experiment (component sections: {string.Join(", ", sections)})", [.. sections, SweepExpander.Key]);
        if (root["name"] is null)
        {
            options.Name = Path.GetFileNameWithoutExtension(path);
        }

        var components = new Dictionary<ComponentKind, ResolvedComponent>();
        foreach (var kind in RequiredKinds)
        {
            var section = ComponentKinds.Section(kind);
            var resolved = ResolveSection(root[section], section, kind, root.Location, catalog, binder);
            if (resolved is not null)
            {
                components[kind] = resolved;
            }
        }

        var evaluators = new List<ResolvedComponent>();
        var evalSection = ComponentKinds.Section(ComponentKind.Evaluator);
        var evalNodes = root[evalSection] switch
        {
            null or ConfigScalar { Text: null } => [],
            ConfigList list => list.Items,
            ConfigNode single => [single],
        };
        if (evalNodes.Count > MaxEvaluators)
        {
            binder.Report(root[evalSection]!.Location, $"'{evalSection}' lists {evalNodes.Count:N0} evaluators; an experiment may have at most {MaxEvaluators}.");
            evalNodes = [];
        }

        for (var i = 0; i < evalNodes.Count; i++)
        {
            if (ResolveSection(evalNodes[i], $"{evalSection}.{i}", ComponentKind.Evaluator, root.Location, catalog, binder) is { } evaluator)
            {
                evaluators.Add(evaluator);
            }
        }

        binder.ThrowIfAny();
        return new ResolvedExperiment(path, options, components, evaluators, catalog);
    }

    private static ResolvedComponent? ResolveSection(ConfigNode? node, string section, ComponentKind kind, SourceLocation rootLocation, ComponentCatalog catalog, OptionsBinder binder)
    {
        var installed = string.Join(", ", catalog.Components.Where(c => c.Kind == kind).Select(c => c.Name).Order());
        if (node is null)
        {
            binder.Report(rootLocation, $"missing section '{section}:' — it needs at least 'type:', one of: {installed}.");
            return null;
        }

        if (node is not ConfigMap map)
        {
            binder.Report(node.Location, $"'{section}' must be a mapping with a 'type:' key (one of: {installed}).");
            return null;
        }

        if (map["type"] is not ConfigScalar { Text: { } typeName } typeNode)
        {
            binder.Report(map.Location, $"'{section}' has no 'type:'; allowed types: {installed}.");
            return null;
        }

        ComponentDescriptor descriptor;
        try
        {
            descriptor = catalog.Find(kind, typeName, typeNode.Location);
        }
        catch (ConfigurationException e)
        {
            binder.Report(e.Problems);
            return null;
        }

        if (kind != ComponentKind.Evaluator)
        {
            var options = BindOptions(binder, map, descriptor, section, $"{section} type '{typeName}'", ["type"]);
            return new ResolvedComponent(section, descriptor, options, map.Location);
        }

        // Evaluators also take `every:` (epochs between runs of this evaluator) and `data:` (another data set to
        // evaluate on, for transfer), which the engine handles for every evaluator alike.
        var evaluatorOptions = BindOptions(binder, map, descriptor, section, $"{section} type '{typeName}'", ["type", EveryKey, DataKey]);
        var every = 0;
        if (map[EveryKey] is { } everyNode && (everyNode is not ConfigScalar { Text: { } text } || !int.TryParse(text, out every) || every < 0))
        {
            binder.Report(everyNode.Location, $"'{section}.{EveryKey}' must be a whole number of epochs (0 = only when the train section says).");
        }

        var data = map[DataKey] is { } dataNode ? ResolveSection(dataNode, $"{section}.{DataKey}", ComponentKind.Dataset, map.Location, catalog, binder) : null;
        return new ResolvedComponent(section, descriptor, evaluatorOptions, map.Location) { Every = every, Data = data };
    }

    /// <summary>Binds a component's options; the options class is plugin code, so what it throws is reported as the component's failure.</summary>
    private static object BindOptions(OptionsBinder binder, ConfigMap map, ComponentDescriptor descriptor, string section, string owner, IReadOnlyCollection<string> ignoredKeys)
    {
        try
        {
            return binder.Bind(map, descriptor.OptionsType, section, owner, ignoredKeys);
        }
        catch (Exception e) when (e is not ConfigurationException)
        {
            var inner = e is System.Reflection.TargetInvocationException { InnerException: { } cause } ? cause : e;
            throw new ComponentException(descriptor, inner, "while binding and validating its options");
        }
    }

    /// <summary>The most evaluators one experiment may list (each logs its own params and metrics).</summary>
    public const int MaxEvaluators = 100;

    /// <summary>The evaluator key for its own schedule.</summary>
    public const string EveryKey = "every";

    /// <summary>The evaluator key for a transfer data set.</summary>
    public const string DataKey = "data";
}
