namespace SimLap.Engine.Compare;

/// <summary>One point of a group's curve: the mean over the group's runs at <paramref name="X"/>, with the sample standard deviation.</summary>
/// <param name="X">The x value (shots per class, or corruption severity).</param>
/// <param name="Mean">The mean over the runs that have the point.</param>
/// <param name="StdDev">The sample standard deviation (0 for one run).</param>
/// <param name="Count">Runs that have the point.</param>
public sealed record CurvePoint(double X, double Mean, double StdDev, int Count);
