using System.Text.Json.Nodes;

namespace SimLap.Tracking.Rest;

/// <summary>MLflow 3 logged models: create, params, tags, finalize, get, artifact listing and a run's outputs.</summary>
public sealed partial class MlflowRestClient
{
    /// <summary>The status of a logged model whose files are all stored.</summary>
    public const string ModelReady = "LOGGED_MODEL_READY";

    /// <summary>The status of a logged model whose files could not be stored.</summary>
    public const string ModelUploadFailed = "LOGGED_MODEL_UPLOAD_FAILED";

    /// <summary>Creates a logged model (status <c>LOGGED_MODEL_PENDING</c>); a name with '/' is 400, an unknown experiment 404.</summary>
    public async Task<MlflowLoggedModel> CreateLoggedModelAsync(
        string experimentId,
        string? name,
        string? modelType,
        string? sourceRunId,
        IReadOnlyList<MlflowKeyValue>? parameters = null,
        IReadOnlyList<MlflowKeyValue>? tags = null,
        CancellationToken cancellation = default)
    {
        var root = await PostAsync(
            "logged-models",
            [("experiment_id", experimentId), ("name", name), ("model_type", modelType), ("source_run_id", sourceRunId), ("params", NullIfEmpty(parameters)), ("tags", NullIfEmpty(tags))],
            cancellation).ConfigureAwait(false);
        return Read<MlflowLoggedModel>(root, "model") ?? throw Malformed("POST", "logged-models", "model");
    }

    /// <summary>Adds params to a logged model. A key it already has is 400, even with the same value.</summary>
    public async Task LogLoggedModelParamsAsync(string modelId, IReadOnlyList<MlflowKeyValue> parameters, CancellationToken cancellation = default) =>
        await PostAsync(ModelPath(modelId) + "/params", [("model_id", modelId), ("params", parameters)], cancellation).ConfigureAwait(false);

    /// <summary>Adds tags to a logged model, overwriting the values of keys it has.</summary>
    public async Task SetLoggedModelTagsAsync(string modelId, IReadOnlyList<MlflowKeyValue> tags, CancellationToken cancellation = default) =>
        await SendJsonAsync(HttpMethod.Patch, ModelPath(modelId) + "/tags", [("tags", tags)], cancellation).ConfigureAwait(false);

    /// <summary>Sets a logged model's status (<see cref="ModelReady"/> or <see cref="ModelUploadFailed"/>); returns the model.</summary>
    public async Task<MlflowLoggedModel> FinalizeLoggedModelAsync(string modelId, string status, CancellationToken cancellation = default)
    {
        var root = await SendJsonAsync(HttpMethod.Patch, ModelPath(modelId), [("model_id", modelId), ("status", status)], cancellation).ConfigureAwait(false);
        return Read<MlflowLoggedModel>(root, "model") ?? throw Malformed("PATCH", ModelPath(modelId), "model");
    }

    /// <summary>A logged model with its params, tags and every linked metric point (404 when unknown or deleted).</summary>
    public async Task<MlflowLoggedModel> GetLoggedModelAsync(string modelId, CancellationToken cancellation = default)
    {
        var root = await GetAsync(ModelPath(modelId), [], cancellation).ConfigureAwait(false);
        return Read<MlflowLoggedModel>(root, "model") ?? throw Malformed("GET", ModelPath(modelId), "model");
    }

    /// <summary>The files of a logged model's folder, with paths relative to the model's artifact root.</summary>
    public async Task<IReadOnlyList<MlflowFileInfo>> ListLoggedModelArtifactsAsync(string modelId, string? directory = null, CancellationToken cancellation = default)
    {
        var root = await GetAsync(ModelPath(modelId) + "/artifacts/directories", [("artifact_directory_path", directory)], cancellation).ConfigureAwait(false);
        return Read<List<MlflowFileInfo>>(root, "files") ?? [];
    }

    /// <summary>Records logged models as outputs of a run (what the run page's "Logged models" section shows).</summary>
    public async Task LogOutputsAsync(string runId, IReadOnlyList<(string ModelId, long Step)> models, CancellationToken cancellation = default)
    {
        var list = new JsonArray(models.Select(m => (JsonNode)new JsonObject { ["model_id"] = m.ModelId, ["step"] = m.Step }).ToArray());
        await PostAsync("runs/outputs", [("run_id", runId), ("models", list)], cancellation).ConfigureAwait(false);
    }

    private static string ModelPath(string modelId) => "logged-models/" + Uri.EscapeDataString(modelId);
}
