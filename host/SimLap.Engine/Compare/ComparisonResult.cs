namespace SimLap.Engine.Compare;

/// <summary>The result of <c>simlap compare</c>: the groups, largest mean first.</summary>
/// <param name="Experiment">The experiment's name.</param>
/// <param name="Metric">The metric compared.</param>
/// <param name="By">The grouping keys (params, or tags with a <c>tags.</c> prefix).</param>
/// <param name="Groups">The groups, ordered by mean (descending), groups without the metric last.</param>
/// <param name="Runs">Runs compared (after the status filter).</param>
/// <param name="Skipped">Runs left out because they did not finish (when only finished runs are compared).</param>
public sealed record ComparisonResult(
    string Experiment, string Metric, IReadOnlyList<string> By, IReadOnlyList<ComparisonGroup> Groups, int Runs, int Skipped);
