namespace SimLap.Tracking.Rest;

/// <summary>
/// Logged models on an MLflow 3 server (transcript 12): <c>logged-models</c> create with params and tags, linked
/// points sent again with <c>model_id</c> in log-batch (the server stores them for the model and keeps its one run
/// copy of an identical point), files through the <c>mlflow-artifacts</c> proxy under the model's artifact root,
/// <c>runs/outputs</c>, and finalize. Requests go out at once, with the client's retries; a failure throws
/// <see cref="MlflowApiException"/>.
/// </summary>
/// <param name="client">The run's client.</param>
/// <param name="runId">The run (created on the server).</param>
/// <param name="experimentId">Its experiment.</param>
public sealed class RestLoggedModelStore(MlflowRestClient client, string runId, string experimentId) : ILoggedModelStore
{
    /// <inheritdoc />
    /// <remarks>An MLflow 2 server has no <c>logged-models</c> endpoint (404 with an HTML page): null.</remarks>
    public StoredLoggedModel? Create(LoggedModelSpec spec)
    {
        try
        {
            var created = Wait(client.CreateLoggedModelAsync(experimentId, spec.Name, spec.ModelType, runId, Pairs(spec.Params), Pairs(spec.Tags)));
            return new StoredLoggedModel(created.Info.ModelId, created.Info.ExperimentId, runId, created.Info.ArtifactUri);
        }
        catch (MlflowApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound && e.ErrorCode is null)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public void LinkMetrics(StoredLoggedModel model, IReadOnlyList<LinkedMetric> points)
    {
        var metrics = points.Select(p => new MlflowMetric
        {
            Key = p.Key,
            Value = p.Value,
            Step = p.Step,
            Timestamp = p.Timestamp,
            ModelId = model.ModelId,
            DatasetName = p.DatasetName,
            DatasetDigest = p.DatasetDigest,
        }).ToList();
        Wait(client.LogBatchAsync(runId, metrics, null, null));
    }

    /// <inheritdoc />
    public void UploadArtifacts(StoredLoggedModel model, string localFolder)
    {
        foreach (var file in Directory.EnumerateFiles(localFolder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(localFolder, file).Replace(Path.DirectorySeparatorChar, '/');
            var type = relative.EndsWith(".md", StringComparison.OrdinalIgnoreCase) ? "text/markdown" : null;
            Wait(client.UploadArtifactAsync(model.ArtifactUri, relative, File.ReadAllBytes(file), type));
        }
    }

    /// <inheritdoc />
    public void LogOutput(StoredLoggedModel model, long step) => Wait(client.LogOutputsAsync(runId, [(model.ModelId, step)]));

    /// <inheritdoc />
    public void Finalize(StoredLoggedModel model, bool ready) =>
        Wait(client.FinalizeLoggedModelAsync(model.ModelId, ready ? MlflowRestClient.ModelReady : MlflowRestClient.ModelUploadFailed));

    private static List<MlflowKeyValue> Pairs(IReadOnlyDictionary<string, string> values) => values.Select(v => new MlflowKeyValue(v.Key, v.Value)).ToList();

    private static void Wait(Task task) => task.GetAwaiter().GetResult();

    private static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();
}
