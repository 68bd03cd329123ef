namespace SimLap.Tracking;

/// <summary>A logged model as its store created it.</summary>
/// <param name="ModelId">The model id (<c>m-</c> and 32 hex characters).</param>
/// <param name="ExperimentId">The experiment it belongs to.</param>
/// <param name="SourceRunId">The run it came from.</param>
/// <param name="ArtifactUri">Its artifact root (<c>file:</c> locally, <c>mlflow-artifacts:</c> on a server).</param>
public sealed record StoredLoggedModel(string ModelId, string ExperimentId, string SourceRunId, string ArtifactUri);
