using SimLap.Engine.Configuration;
using SimLap.Engine.Plugins;

namespace SimLap.Engine.Experiments;

/// <summary>An experiment file read, merged and overridden, with its plugins loaded and its sweep expanded; each trial binds on demand.</summary>
/// <param name="Path">The experiment file.</param>
/// <param name="Root">The merged configuration without the <c>sweep</c> section.</param>
/// <param name="Catalog">The components available.</param>
/// <param name="Trials">The sweep's trials; one trial without overrides when the file has no sweep.</param>
/// <param name="IsSweep">Whether the file has a <c>sweep:</c> section.</param>
public sealed record LoadedExperiment(string Path, ConfigMap Root, ComponentCatalog Catalog, IReadOnlyList<SweepTrial> Trials, bool IsSweep)
{
    /// <summary>MLflow's limit on a run name.</summary>
    private const int MaxRunNameLength = 250;

    /// <summary>
    /// Binds one trial (its overrides over the root). A sweep's trial without a <c>tracking.run_name</c> of its own is
    /// named after the experiment, its index and its overrides (<c>quickstart #1 seed=2</c>), so the trials read apart
    /// in MLflow's run list.
    /// </summary>
    public ResolvedExperiment Bind(SweepTrial trial)
    {
        var root = Root;
        foreach (var item in trial.Overrides)
        {
            root = ConfigOverrides.Set(root, item.Key, item.Value, item.Value.Location);
        }

        if (IsSweep && IsEmpty((root["tracking"] as ConfigMap)?["run_name"]))
        {
            var name = (root["name"] as ConfigScalar)?.Text ?? System.IO.Path.GetFileNameWithoutExtension(Path);
            var runName = $"{name} #{trial.Index} {trial.Label}".TrimEnd();
            runName = runName.Length > MaxRunNameLength ? runName[..(MaxRunNameLength - 3)] + "..." : runName;
            root = ConfigOverrides.Set(root, "tracking.run_name", new ConfigScalar(runName, true, root.Location), root.Location);
        }

        var resolved = ExperimentResolver.Bind(root, Path, Catalog);
        return IsSweep ? resolved : new ResolvedExperiment(resolved.SourceFile, resolved.Options, resolved.Components, resolved.Evaluators, resolved.Catalog) { CommandLineOverrides = CommandLineOverrides };
    }

    /// <summary>The <c>sweep</c> section as written (after overrides); null when the file has none.</summary>
    public ConfigNode? SweepSection { get; init; }

    /// <summary>The command line's <c>--set</c> assignments, as written.</summary>
    public IReadOnlyList<string> CommandLineOverrides { get; init; } = [];

    private static bool IsEmpty(ConfigNode? node) => node is null or ConfigScalar { Text: null or "" };

    /// <summary>Binds every trial, so a mistake in any of them is reported before anything runs.</summary>
    public IReadOnlyList<ResolvedExperiment> BindAll()
    {
        var problems = new List<string>();
        var resolved = new List<ResolvedExperiment>();
        foreach (var trial in Trials)
        {
            try
            {
                resolved.Add(Bind(trial));
            }
            catch (ConfigurationException e)
            {
                problems.AddRange(e.Problems.Select(p => IsSweep ? $"{p} (sweep trial {trial.Index}: {trial.Label})" : p));
            }
        }

        return problems.Count > 0 ? throw new ConfigurationException(problems.Distinct().ToList()) : resolved;
    }
}
