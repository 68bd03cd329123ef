namespace SimLap.Engine.Compare;

/// <summary>One row of a <see cref="MetricTable"/>: a group of runs and its summary of each metric.</summary>
/// <param name="Values">The group's value of each grouping key, in order.</param>
/// <param name="Runs">Runs in the group.</param>
/// <param name="Cells">The group's summary of each metric, in the table's metric order.</param>
public sealed record MetricTableRow(IReadOnlyList<string> Values, int Runs, IReadOnlyList<ComparisonGroup> Cells);
