namespace SimLap.Engine.Compare;

/// <summary>One row of a comparison: the runs sharing the values of the <c>--by</c> keys.</summary>
/// <param name="Values">The group's value of each <c>--by</c> key, in order (<see cref="RunComparison.Missing"/> when a run lacks it).</param>
/// <param name="Count">Runs in the group that have the metric.</param>
/// <param name="Mean">The metric's mean over those runs (NaN when none has it).</param>
/// <param name="StdDev">The sample standard deviation (n − 1); null for fewer than two runs.</param>
/// <param name="Min">The smallest value (NaN when none).</param>
/// <param name="Max">The largest value (NaN when none).</param>
/// <param name="WithoutMetric">Runs in the group that never logged the metric.</param>
/// <param name="RunIds">The group's runs.</param>
public sealed record ComparisonGroup(
    IReadOnlyList<string> Values, int Count, double Mean, double? StdDev, double Min, double Max, int WithoutMetric, IReadOnlyList<string> RunIds);
