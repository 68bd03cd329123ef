namespace SimLap.Engine.Compare;

/// <summary>One group's curve (a line of a few-shot or corruption-severity chart), aggregated over its runs (seeds).</summary>
/// <param name="Label">The group's values of the grouping keys (<c>all</c> without keys).</param>
/// <param name="Points">The points, by increasing x.</param>
public sealed record GroupCurve(string Label, IReadOnlyList<CurvePoint> Points);
