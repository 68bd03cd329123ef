using SimLap.Engine.Configuration;
using SimLap.Engine.Tracking;
using SimLap.Engine.Training;

namespace SimLap.Engine.Experiments;

/// <summary>
/// The checks <c>simlap run</c> makes before training that binding does not (the device exists, the tracking URI is
/// usable), with the same code and messages, so <c>simlap validate</c> refuses what run would refuse.
/// </summary>
public static class PreflightChecks
{
    /// <summary>Throws one <see cref="ConfigurationException"/> listing every problem <paramref name="experiments"/> would meet.</summary>
    /// <param name="experiments">The bound experiments (every trial of a sweep).</param>
    /// <param name="trackingUriOption">The <c>--tracking-uri</c> given, or null.</param>
    public static void Check(IEnumerable<ResolvedExperiment> experiments, string? trackingUriOption)
    {
        var problems = new List<string>();
        foreach (var options in experiments.Select(e => e.Options))
        {
            Collect(problems, () => CheckDevice(options.Device));
            Collect(problems, () => TrackingSelection.Check(TrackingSelection.Uri(trackingUriOption, options.Tracking.Uri)));
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

    private static void Collect(List<string> problems, Action check)
    {
        try
        {
            check();
        }
        catch (ConfigurationException e)
        {
            problems.AddRange(e.Problems);
        }
    }
}
