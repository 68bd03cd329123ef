namespace SimLap.Tracking;

/// <summary>
/// The logged models of one run, as MLflow 3 keeps them: created PENDING with params and tags, their metric points
/// linked (stored for the model beside the run's own copy of each point), their files uploaded under the model's
/// artifact root, recorded as outputs of the run (the run page's "Logged models"), and finalized READY or FAILED. Calls
/// are synchronous; a failure throws (<see cref="TrackingStoreException"/> locally, an MLflow API error on a server).
/// </summary>
public interface ILoggedModelStore
{
    /// <summary>Creates a PENDING model of the run and returns it; null when the store has no logged models (an MLflow 2 server).</summary>
    StoredLoggedModel? Create(LoggedModelSpec spec);

    /// <summary>
    /// Links metric points the run has already stored to the model. Each point keeps the run's timestamp, step and
    /// value, so the run does not get a second copy (a server deduplicates an identical point; a local store writes
    /// only the model's copy).
    /// </summary>
    void LinkMetrics(StoredLoggedModel model, IReadOnlyList<LinkedMetric> points);

    /// <summary>Uploads every file under <paramref name="localFolder"/> to the model's artifact root, keeping relative paths.</summary>
    void UploadArtifacts(StoredLoggedModel model, string localFolder);

    /// <summary>Records the model as an output of the run at <paramref name="step"/>.</summary>
    void LogOutput(StoredLoggedModel model, long step);

    /// <summary>Sets the model's final status: READY when <paramref name="ready"/>, else FAILED (upload failed).</summary>
    void Finalize(StoredLoggedModel model, bool ready);
}
