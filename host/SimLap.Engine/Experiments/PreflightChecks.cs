using SimLap.Engine.Configuration;
using SimLap.Engine.Sweeps;
using SimLap.Engine.Training;
using SimLap.Tracking;

namespace SimLap.Engine.Experiments;

/// <summary>
/// The checks <c>simlap run</c> makes before training that binding does not (the device exists, the tracking URI is
/// usable), with the same code and messages, so <c>simlap validate</c> refuses what run would refuse; each problem is
/// located where the value was written.
/// </summary>
public static class PreflightChecks
{
    /// <summary>Throws one <see cref="ConfigurationException"/> listing every problem the trials would meet.</summary>
    /// <param name="loaded">The experiment as loaded (for where values were written).</param>
    /// <param name="experiments">Its bound trials, in the order of <see cref="LoadedExperiment.Trials"/>.</param>
    /// <param name="trackingUriOption">The <c>--tracking-uri</c> given, or null.</param>
    public static void Check(LoadedExperiment loaded, IReadOnlyList<ResolvedExperiment> experiments, string? trackingUriOption)
    {
        var problems = new List<string>();
        for (var i = 0; i < experiments.Count; i++)
        {
            var options = experiments[i].Options;
            var trial = i < loaded.Trials.Count ? loaded.Trials[i] : null;
            Collect(problems, Where(loaded, trial, "device").ToString(), () => CheckDevice(options.Device));
            var uriSource = !string.IsNullOrWhiteSpace(trackingUriOption) ? "--tracking-uri"
                : !string.IsNullOrWhiteSpace(options.Tracking.Uri) ? Where(loaded, trial, "tracking.uri").ToString()
                : TrackingSelection.TrackingUriVariable;
            Collect(problems, uriSource, () => TrackingSelection.Check(TrackingSelection.Uri(trackingUriOption, options.Tracking.Uri)));
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

    /// <summary>Where a dotted key's value was written: the trial's sweep override, else the file.</summary>
    private static SourceLocation Where(LoadedExperiment loaded, SweepTrial? trial, string dottedKey)
    {
        if (trial?.Overrides.LastOrDefault(o => o.Key == dottedKey) is { } item)
        {
            return item.Value.Location;
        }

        ConfigNode? node = loaded.Root;
        foreach (var key in dottedKey.Split('.'))
        {
            node = (node as ConfigMap)?[key];
        }

        return node?.Location ?? loaded.Root.Location;
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
