using Microsoft.Extensions.Logging;
using SimLap.Engine.Configuration;
using SimLap.Engine.Experiments;
using SimLap.Engine.Training;
using SimLap.Tracking;

namespace SimLap.Engine.Running;

/// <summary>
/// The checks <c>simlap run</c> makes before training that binding does not (the device exists, the tracking URI is
/// usable, the data sets' files are there and readable), with the same code and messages, so <c>simlap validate</c> refuses what run would refuse; each problem is
/// located where the value was written.
/// </summary>
public static class PreflightChecks
{
    /// <summary>Throws one <see cref="ConfigurationException"/> listing every problem the trials would meet.</summary>
    /// <param name="loaded">The experiment as loaded (for where values were written).</param>
    /// <param name="experiments">Its bound trials, in the order of <see cref="LoadedExperiment.Trials"/>.</param>
    /// <param name="trackingUriOption">The <c>--tracking-uri</c> given, or null.</param>
    /// <param name="loggers">
    /// For the data check (<see cref="DataPreflight"/>): a data problem in a section whose <c>root</c> is written is an
    /// error; one in a data set looked for in the machine's default folder is a warning here, because validate often runs
    /// on another machine than the training (before <c>simlap submit</c>), while run refuses it. Null: no data check.
    /// </param>
    public static void Check(LoadedExperiment loaded, IReadOnlyList<ResolvedExperiment> experiments, string? trackingUriOption, ILoggerFactory? loggers = null)
    {
        var problems = new List<string>();
        var warnings = new SortedSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < experiments.Count; i++)
        {
            var options = experiments[i].Options;
            var trial = i < loaded.Trials.Count ? loaded.Trials[i] : null;
            Collect(problems, Where(loaded, trial, "device").ToString(), () => CheckDevice(options.Device));
            var uriSource = !string.IsNullOrWhiteSpace(trackingUriOption) ? "--tracking-uri"
                : !string.IsNullOrWhiteSpace(options.Tracking.Uri) ? Where(loaded, trial, "tracking.uri").ToString()
                : TrackingSelection.TrackingUriVariable;
            Collect(problems, uriSource, () => TrackingSelection.Check(TrackingSelection.Uri(trackingUriOption, options.Tracking.Uri)));
            if (loggers is not null)
            {
                var found = DataPreflight.Find(loaded, trial, experiments[i], loggers);
                problems.AddRange(found.Where(p => p.RootWritten).Select(p => p.Message));
                warnings.UnionWith(found.Where(p => !p.RootWritten).Select(p => p.Message));
            }
        }

        foreach (var warning in warnings)
        {
            loggers?.CreateLogger("simlap").LogWarning(
                "{Problem} (data.root is not set, so the data set is looked for in this machine's default folder: validate warns, run refuses.)", warning);
        }

        if (problems.Count > 0)
        {
            throw new ConfigurationException(problems.Distinct().ToList());
        }
    }

    /// <summary>A CUDA device is looked up as run looks it up; cpu and auto always work, so libtorch is not loaded for them.</summary>
    private static void CheckDevice(string device)
    {
        if (!DeviceSpec.TryParse(device, out var spec) || spec.Kind == "cuda")
        {
            DeviceSelection.Select(device);
        }
    }

    /// <summary>Where a dotted key's value was written: the trial's sweep override, else the file (or the root when it is not written).</summary>
    internal static SourceLocation Where(LoadedExperiment loaded, SweepTrial? trial, string dottedKey) =>
        Find(loaded, trial, dottedKey)?.Location ?? loaded.Root.Location;

    /// <summary>A dotted key's value (<c>eval.0.data.root</c>: list items by index): the trial's sweep override, else the file's; null when not written.</summary>
    internal static ConfigNode? Find(LoadedExperiment loaded, SweepTrial? trial, string dottedKey)
    {
        if (trial?.Overrides.LastOrDefault(o => o.Key == dottedKey) is { } item)
        {
            return item.Value;
        }

        ConfigNode? node = loaded.Root;
        foreach (var key in dottedKey.Split('.'))
        {
            node = node switch
            {
                ConfigMap map => map[key],
                ConfigList list when int.TryParse(key, out var index) && index >= 0 && index < list.Items.Count => list.Items[index],
                _ => null,
            };
        }

        return node;
    }

    private static void Collect(List<string> problems, string source, Action check)
    {
        try
        {
            check();
        }
        catch (ConfigurationException e)
        {
            problems.AddRange(e.Problems.Select(p => $"{source}: {p}"));
        }
    }
}
