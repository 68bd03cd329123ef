namespace SimLap.Tracking;

/// <summary>A tracking store runs are created in.</summary>
public interface ITrackingBackend
{
    /// <summary>A description of the store for messages (a path or a URI).</summary>
    string Description { get; }

    /// <summary>
    /// The folder of a store kept on this machine, where its runs (and their run-scoped files, such as the lock and
    /// the checkpoints found by run id) live; null for a store on a server. The default is a server's null.
    /// </summary>
    string? LocalRoot => null;

    /// <summary>Gets or creates the experiment by name and starts a run in it with status RUNNING.</summary>
    IRunTracker StartRun(string experimentName, string runName, IReadOnlyDictionary<string, string> tags);
}
