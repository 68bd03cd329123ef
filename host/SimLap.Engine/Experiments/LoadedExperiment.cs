using SimLap.Engine.Configuration;
using SimLap.Engine.Plugins;
using SimLap.Engine.Sweeps;

namespace SimLap.Engine.Experiments;

/// <summary>An experiment file read, merged and overridden, with its plugins loaded and its sweep expanded; each trial binds on demand.</summary>
/// <param name="Path">The experiment file.</param>
/// <param name="Root">The merged configuration without the <c>sweep</c> section.</param>
/// <param name="Catalog">The components available.</param>
/// <param name="Trials">The sweep's trials; one trial without overrides when the file has no sweep.</param>
/// <param name="IsSweep">Whether the file has a <c>sweep:</c> section.</param>
public sealed record LoadedExperiment(string Path, ConfigMap Root, ComponentCatalog Catalog, IReadOnlyList<SweepTrial> Trials, bool IsSweep)
{
    /// <summary>Binds one trial (its overrides over the root).</summary>
    public ResolvedExperiment Bind(SweepTrial trial)
    {
        var root = Root;
        foreach (var item in trial.Overrides)
        {
            root = ConfigOverrides.Set(root, item.Key, item.Value, item.Value.Location);
        }

        return ExperimentResolver.Bind(root, Path, Catalog);
    }

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
