namespace SimLap.Host.Tests;

/// <summary>One line of an MLflow metric file.</summary>
public sealed record MetricPoint(long Timestamp, double Value, long Step);
