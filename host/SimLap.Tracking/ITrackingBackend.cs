namespace SimLap.Tracking;

/// <summary>A tracking store runs are created in.</summary>
public interface ITrackingBackend
{
    /// <summary>A description of the store for messages (a path or a URI).</summary>
    string Description { get; }

    /// <summary>Gets or creates the experiment by name and starts a run in it with status RUNNING.</summary>
    IRunTracker StartRun(string experimentName, string runName, IReadOnlyDictionary<string, string> tags);
}
