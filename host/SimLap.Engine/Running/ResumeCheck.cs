using System.Globalization;
using SimLap.Engine.Configuration;
using SimLap.Tracking;

namespace SimLap.Engine.Running;

/// <summary>
/// Checks, before anything is written to it, that a stored run may be continued by the experiment resolved now: the
/// run has not finished, and every param it stores equals the resolved experiment's. Two keys have their own rule:
/// <c>train.epochs</c> may grow when the caller asks for it (<c>--extend-epochs</c>), and <c>tracking.uri</c> may
/// differ because it only says where to log, and the run was found in the store this invocation logs to.
/// </summary>
public static class ResumeCheck
{
    /// <summary>The only param a resume may change, and only upwards.</summary>
    public const string EpochsKey = "train.epochs";

    /// <summary>
    /// The param that names the store: differing values that still led here (relative paths from another folder,
    /// <c>--tracking-uri</c> given once and the YAML key another time) are the same store.
    /// </summary>
    public const string TrackingUriKey = "tracking.uri";

    /// <summary>The tag holding a run's current <c>train.epochs</c> after an extension (a server cannot change the param).</summary>
    public const string EpochsTag = "simlap.train.epochs";

    /// <summary>The tag recording the last deliberate change, "train.epochs 10 -> 20".</summary>
    public const string ExtendedTag = "simlap.extended";

    /// <summary>Most differences listed in the message; the rest are counted.</summary>
    private const int MaxListed = 25;

    /// <summary>
    /// The deliberate changes the resume makes (key, stored value, new value): empty unless epochs are extended.
    /// </summary>
    /// <param name="stored">The run as stored.</param>
    /// <param name="now">The resolved experiment's params (<c>ResolvedExperiment.ToParams()</c>).</param>
    /// <param name="extendEpochs">Whether the caller asked for <c>train.epochs</c> to grow.</param>
    /// <exception cref="ConfigurationException">The run finished, or the params differ; the message lists each difference.</exception>
    public static IReadOnlyList<(string Key, string Stored, string Now)> Check(StoredRun stored, IReadOnlyList<KeyValuePair<string, string>> now, bool extendEpochs)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(now);
        var current = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in now)
        {
            current[key] = value;
        }

        var storedParams = new Dictionary<string, string>(stored.Params, StringComparer.Ordinal);
        if (stored.Tags.TryGetValue(EpochsTag, out var extended))
        {
            storedParams[EpochsKey] = extended;
        }

        var differences = new List<string>();
        var changes = new List<(string Key, string Stored, string Now)>();
        foreach (var key in storedParams.Keys.Union(current.Keys).Order(StringComparer.Ordinal))
        {
            var was = storedParams.GetValueOrDefault(key);
            var value = current.GetValueOrDefault(key);
            if (was == value || key == TrackingUriKey)
            {
                continue;
            }

            if (key == EpochsKey && extendEpochs && was is not null && value is not null && IsLarger(value, was))
            {
                changes.Add((key, was, value));
                continue;
            }

            differences.Add($"{key}: {Show(was)} (stored) vs {Show(value)} (now)");
        }

        if (differences.Count > 0)
        {
            throw new ConfigurationException(
                $"--resume {stored.RunId}: run '{stored.RunName}' was started with another configuration, and a run is continued only by the experiment it was started with. "
                + $"{differences.Count} param(s) differ: {string.Join("; ", differences.Take(MaxListed))}{(differences.Count > MaxListed ? $"; and {differences.Count - MaxListed} more" : "")}. "
                + "Nothing was changed in the run. Resume with the experiment file and --set overrides it was started with, or start a new run (without --resume)"
                + (differences.Any(d => d.StartsWith(EpochsKey + ":", StringComparison.Ordinal)) ? "; to train it for more epochs, pass --extend-epochs N (N larger than the stored train.epochs)." : "."));
        }

        if (extendEpochs && changes.Count == 0)
        {
            throw new ConfigurationException(
                $"--extend-epochs: run '{stored.RunName}' ({stored.RunId}) already trains for {Show(storedParams.GetValueOrDefault(EpochsKey))} epochs; give a larger total number of epochs. Nothing was changed in the run.");
        }

        if (stored.Status == RunStatus.Finished && changes.Count == 0)
        {
            throw new ConfigurationException(
                $"--resume {stored.RunId}: run '{stored.RunName}' has FINISHED{(stored.EndTime is { } end ? $" (ended {RunOwner.FormatTime(DateTimeOffset.FromUnixTimeMilliseconds(end))})" : "")}, and a finished run is not resumed. "
                + $"To train it for more epochs, pass --extend-epochs N (N larger than its train.epochs, {Show(storedParams.GetValueOrDefault(EpochsKey))}); to train the experiment again, start a new run: the same command without --resume. Nothing was changed in the run.");
        }

        return changes;
    }

    /// <summary>"train.epochs 10 -> 20; ...", for tags and messages.</summary>
    public static string Describe(IReadOnlyList<(string Key, string Stored, string Now)> changes) =>
        string.Join("; ", changes.Select(c => $"{c.Key} {c.Stored} -> {c.Now}"));

    private static bool IsLarger(string value, string was) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
        && long.TryParse(was, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s)
        && n > s;

    private static string Show(string? value) => value is null ? "(absent)" : $"'{value}'";
}
