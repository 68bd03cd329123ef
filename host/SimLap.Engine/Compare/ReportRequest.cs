namespace SimLap.Engine.Compare;

/// <summary>What <see cref="ResultsReport.Build"/> is asked for (the options of <c>simlap report</c>).</summary>
/// <param name="By">The grouping keys.</param>
/// <param name="Metrics">The metrics of the table; null for the headline eval metrics the runs logged.</param>
/// <param name="Parent">Only the runs nested under this sweep parent run; null for all.</param>
/// <param name="Baseline">The group the others are compared to over the same seeds (<see cref="PairedComparison.FindBaseline"/>); null for none.</param>
/// <param name="PairKey">The param runs are paired by.</param>
/// <param name="FinishedOnly">Leave out runs that did not finish.</param>
/// <param name="Labels">A header per metric, and a label per group (its <c>--by</c> values, comma-separated, as for <paramref name="Baseline"/>): with a group label the table shows one label column instead of the grouping keys; null for none.</param>
/// <param name="Decimals">The decimals of each metric's numbers in the table, in metric order (the last for the metrics after it); null for <see cref="MetricTable.DefaultDecimals"/>.</param>
public sealed record ReportRequest(
    IReadOnlyList<string> By,
    IReadOnlyList<string>? Metrics = null,
    string? Parent = null,
    string? Baseline = null,
    string PairKey = PairedComparison.DefaultPairKey,
    bool FinishedOnly = true,
    IReadOnlyDictionary<string, string>? Labels = null,
    IReadOnlyList<int>? Decimals = null);
