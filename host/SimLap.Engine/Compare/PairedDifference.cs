namespace SimLap.Engine.Compare;

/// <summary>
/// A group's difference from the baseline group on one metric, paired by seed: the mean and sample standard deviation
/// of (group − baseline) over the seeds both groups have.
/// </summary>
/// <param name="Metric">The metric.</param>
/// <param name="Group">The group's values of the grouping keys.</param>
/// <param name="Pairs">Seeds both the group and the baseline have a value for.</param>
/// <param name="Mean">The mean difference (NaN without pairs).</param>
/// <param name="StdDev">The sample standard deviation (n − 1) of the differences; null for fewer than two pairs.</param>
/// <param name="Unpaired">The group's seeds with the metric that the baseline lacks (left out of the difference).</param>
public sealed record PairedDifference(string Metric, IReadOnlyList<string> Group, int Pairs, double Mean, double? StdDev, int Unpaired)
{
    /// <summary>Whether the mean difference is larger than its spread: |mean| above the standard deviation of the differences (two pairs at least).</summary>
    public bool ExceedsSpread => StdDev is { } std && Math.Abs(Mean) > std;
}
