namespace SimLap.Tracking;

/// <summary>A metric point of the run to link to a logged model, exactly as the run stored it.</summary>
/// <param name="Key">The stored (sanitised) key.</param>
/// <param name="Value">The value.</param>
/// <param name="Step">The step.</param>
/// <param name="Timestamp">The run's timestamp of the point, Unix milliseconds.</param>
/// <param name="DatasetName">The data set it was measured on, or null.</param>
/// <param name="DatasetDigest">That data set's digest (with <paramref name="DatasetName"/>), or null.</param>
public sealed record LinkedMetric(string Key, double Value, long Step, long Timestamp, string? DatasetName = null, string? DatasetDigest = null);
