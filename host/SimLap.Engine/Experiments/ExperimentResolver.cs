using Microsoft.Extensions.Logging;
using SimLap.Contracts.Components;
using SimLap.Engine.Configuration;
using SimLap.Engine.Plugins;
using SimLap.Engine.Sweeps;

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
        var root = ConfigOverrides.Apply(ExperimentFileLoader.Load(path), overrides);
        var trials = SweepExpander.Expand(root[SweepExpander.Key]);
        var isSweep = root[SweepExpander.Key] is not null;
        root = root.Without(SweepExpander.Key);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var pluginFolders = root["plugins"] switch
        {
            ConfigList list => list.Items.OfType<ConfigScalar>().Where(s => s.Text is not null).Select(s => (Path.Combine(folder, s.Text!), s.Location)).ToList(),
            ConfigScalar { Text: { } one } s => [(Path.Combine(folder, one), s.Location)],
            _ => new List<(string, SourceLocation)>(),
        };
        var catalog = (loadPlugins ?? (f => PluginLoading.LoadAll(f, logger)))(pluginFolders);
        return new LoadedExperiment(path, root, catalog, trials, isSweep);
    }

    /// <summary>Binds a merged configuration against a catalog.</summary>
    public static ResolvedExperiment Bind(ConfigMap root, string path, ComponentCatalog catalog)
    {
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

        var options = binder.Bind(map, descriptor.OptionsType, section, $"{section} type '{typeName}'", ["type"]);
        return new ResolvedComponent(section, descriptor, options, map.Location);
    }
}
