using SimLap.Tracking;

namespace SimLap.Engine.Compare;

/// <summary>Groups runs by param values and summarises a metric per group (mean, standard deviation, count).</summary>
public static class RunComparison
{
    /// <summary>The metric compared when none is given.</summary>
    public const string DefaultMetric = "eval/knn/top1";

    /// <summary>The value shown for a run without the grouping key.</summary>
    public const string Missing = "(none)";

    /// <summary>Splits a <c>--by</c> list (<c>loss.type,pairs.type</c>) into keys.</summary>
    public static IReadOnlyList<string> ParseBy(string? by) =>
        string.IsNullOrWhiteSpace(by) ? [] : by.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// The value of a grouping key for a run: <c>params.X</c>, <c>tags.X</c> or <c>attributes.status</c>/<c>attributes.run_name</c>
    /// explicitly, else a param named X, else a tag named X.
    /// </summary>
    public static string? Value(RunRecord run, string key)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (key.StartsWith("params.", StringComparison.Ordinal))
        {
            return run.Params.GetValueOrDefault(key["params.".Length..]);
        }

        if (key.StartsWith("tags.", StringComparison.Ordinal))
        {
            return run.Tags.GetValueOrDefault(key["tags.".Length..]);
        }

        if (key is "attributes.status" or "status")
        {
            return run.Status;
        }

        if (key is "attributes.run_name" or "run_name")
        {
            return run.RunName;
        }

        return run.Params.TryGetValue(key, out var param) ? param : run.Tags.GetValueOrDefault(key);
    }

    /// <summary>Compares <paramref name="runs"/> on <paramref name="metric"/>, grouped by <paramref name="by"/>.</summary>
    /// <param name="experiment">The experiment's name, for the result.</param>
    /// <param name="runs">The runs.</param>
    /// <param name="metric">The metric key.</param>
    /// <param name="by">Grouping keys; none puts every run in one group.</param>
    /// <param name="finishedOnly">Leave out runs that did not finish (the default: failed and killed runs would skew the mean).</param>
    /// <remarks>A sweep's parent run is left out: it holds no trial of its own, only the trials as its children.</remarks>
    public static ComparisonResult Compare(string experiment, IReadOnlyList<RunRecord> runs, string metric, IReadOnlyList<string> by, bool finishedOnly = true)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentException.ThrowIfNullOrEmpty(metric);
        var parents = runs.Select(r => r.Tags.GetValueOrDefault(MlflowKeys.ParentRunIdTag)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var trials = runs.Where(r => !parents.Contains(r.RunId)).ToList();
        var included = trials.Where(r => !finishedOnly || r.Status == "FINISHED").ToList();
        var groups = included
            .GroupBy(r => string.Join('\u001f', by.Select(k => Value(r, k) ?? Missing)), StringComparer.Ordinal)
            .Select(g => Summarise(g.ToList(), metric, by))
            .OrderBy(g => g.Count == 0 ? 1 : 0)
            .ThenByDescending(g => double.IsNaN(g.Mean) ? double.NegativeInfinity : g.Mean)
            .ThenBy(g => string.Join('\u001f', g.Values), StringComparer.Ordinal)
            .ToList();
        return new ComparisonResult(experiment, metric, by, groups, included.Count, trials.Count - included.Count);
    }

    private static ComparisonGroup Summarise(IReadOnlyList<RunRecord> runs, string metric, IReadOnlyList<string> by)
    {
        var values = runs.Where(r => r.Metrics.ContainsKey(metric)).Select(r => r.Metrics[metric]).ToList();
        var keyValues = by.Select(k => Value(runs[0], k) ?? Missing).ToList();
        var ids = runs.Select(r => r.RunId).ToList();
        if (values.Count == 0)
        {
            return new ComparisonGroup(keyValues, 0, double.NaN, null, double.NaN, double.NaN, runs.Count, ids);
        }

        var mean = values.Average();
        double? std = values.Count < 2 ? null : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        return new ComparisonGroup(keyValues, values.Count, mean, std, values.Min(), values.Max(), runs.Count - values.Count, ids);
    }
}
