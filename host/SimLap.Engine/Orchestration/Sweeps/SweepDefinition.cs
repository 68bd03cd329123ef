using System.Globalization;
using System.Text;
using SimLap.Engine.Configuration;
using SimLap.Engine.Experiments;
using YamlDotNet.Serialization;

namespace SimLap.Engine.Orchestration.Sweeps;

/// <summary>
/// What a sweep's parent run carries from the start: the base experiment's params (the file without its
/// <c>sweep</c> section), the sweep as written and its expanded trials (artifact <c>sweep.yaml</c>) and the trial count.
/// </summary>
public static class SweepDefinition
{
    /// <summary>The parent's artifact holding the sweep.</summary>
    public const string ArtifactName = "sweep.yaml";

    /// <summary>Logs the definition to <paramref name="parent"/>, writing the artifact in <paramref name="workDirectory"/> (kept until the run ends).</summary>
    public static void Log(SimLap.Contracts.Tracking.ITracker parent, LoadedExperiment experiment, string workDirectory)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(experiment);
        foreach (var (key, value) in BaseParams(experiment))
        {
            parent.LogParam(key, value);
        }

        parent.LogMetric("sweep/trials", experiment.Trials.Count, 0);
        var path = Path.Combine(workDirectory, ArtifactName);
        File.WriteAllText(path, ToYaml(experiment));
        parent.LogArtifact(path);
    }

    /// <summary>The base experiment's resolved params; those of trial 0 when the file does not bind without its sweep.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> BaseParams(LoadedExperiment experiment)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        try
        {
            return ExperimentResolver.Bind(experiment.Root, experiment.Path, experiment.Catalog).ToParams();
        }
        catch (ConfigurationException)
        {
            // A sweep may supply a value the file leaves out; trial 0 is then the closest to a base.
            return experiment.Bind(experiment.Trials[0]).ToParams();
        }
    }

    /// <summary>The sweep as YAML: the source file, the <c>sweep</c> section as written and every trial's overrides.</summary>
    public static string ToYaml(LoadedExperiment experiment)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        var document = new Dictionary<string, object?>
        {
            ["source"] = experiment.Path,
            ["sweep"] = experiment.SweepSection is { } section ? Plain(section) : null,
            ["trial_count"] = experiment.Trials.Count,
            ["trials"] = experiment.Trials.Select(t => new Dictionary<string, object?>
            {
                ["index"] = t.Index,
                ["overrides"] = t.Overrides.ToDictionary(o => o.Key, o => Plain(o.Value)),
            }).ToList(),
        };
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# The sweep of {experiment.Path}: {experiment.Trials.Count} trials (each is a nested run tagged {SweepTags.Trial}).\n");
        text.Append(new SerializerBuilder().DisableAliases().WithQuotingNecessaryStrings().Build().Serialize(document));
        return text.ToString();
    }

    private static object? Plain(ConfigNode node) => node switch
    {
        ConfigScalar s => s.Text,
        ConfigList l => l.Items.Select(Plain).ToList(),
        ConfigMap m => m.Entries.ToDictionary(e => e.Key, e => Plain(e.Value)),
        _ => null,
    };
}
