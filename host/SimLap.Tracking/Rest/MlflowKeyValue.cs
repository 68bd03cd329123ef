namespace SimLap.Tracking.Rest;

/// <summary>A param or tag as MLflow's REST API carries it: <c>{"key": ..., "value": ...}</c>.</summary>
/// <param name="Key">The key.</param>
/// <param name="Value">The value.</param>
public sealed record MlflowKeyValue(string Key, string Value);
