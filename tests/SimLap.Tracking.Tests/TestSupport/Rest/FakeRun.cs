namespace SimLap.Tracking.Tests.Rest;

/// <summary>A run held by <see cref="FakeMlflowServer"/>.</summary>
internal sealed class FakeRun(string runId, string experimentId, string name)
{
    public string RunId { get; } = runId;

    public string ExperimentId { get; } = experimentId;

    public string Name { get; } = name;

    public string Status { get; set; } = "RUNNING";

    public long? EndTime { get; set; }

    public Dictionary<string, string> Params { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, byte[]> Artifacts { get; } = new(StringComparer.Ordinal);
}
