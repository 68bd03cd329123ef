namespace SimLap.Tracking.Rest;

/// <summary>The Model Registry: registered models, versions from a logged model, aliases.</summary>
public sealed partial class MlflowRestClient
{
    /// <summary>Creates a registered model (400 RESOURCE_ALREADY_EXISTS when the name is taken).</summary>
    public async Task CreateRegisteredModelAsync(string name, string? description = null, IReadOnlyList<MlflowKeyValue>? tags = null, CancellationToken cancellation = default) =>
        await PostAsync("registered-models/create", [("name", name), ("description", description), ("tags", NullIfEmpty(tags))], cancellation).ConfigureAwait(false);

    /// <summary>
    /// Creates the next version of <paramref name="name"/> from logged model <paramref name="modelId"/> (source
    /// <c>models:/&lt;model_id&gt;</c>); without <paramref name="runId"/> the server takes the model's source run.
    /// </summary>
    public async Task<MlflowModelVersion> CreateModelVersionAsync(
        string name, string modelId, string? runId = null, string? description = null, IReadOnlyList<MlflowKeyValue>? tags = null, CancellationToken cancellation = default)
    {
        var root = await PostAsync(
            "model-versions/create",
            [("name", name), ("source", "models:/" + modelId), ("run_id", runId), ("model_id", modelId), ("description", description), ("tags", NullIfEmpty(tags))],
            cancellation).ConfigureAwait(false);
        return Read<MlflowModelVersion>(root, "model_version") ?? throw Malformed("POST", "model-versions/create", "model_version");
    }

    /// <summary>Points <paramref name="alias"/> at a version (moving it from another); <c>v1</c>-style names are reserved (400).</summary>
    public async Task SetRegisteredModelAliasAsync(string name, string alias, string version, CancellationToken cancellation = default) =>
        await PostAsync("registered-models/alias", [("name", name), ("alias", alias), ("version", version)], cancellation).ConfigureAwait(false);

    /// <summary>One version (404 when unknown).</summary>
    public async Task<MlflowModelVersion> GetModelVersionAsync(string name, string version, CancellationToken cancellation = default)
    {
        var root = await GetAsync("model-versions/get", [("name", name), ("version", version)], cancellation).ConfigureAwait(false);
        return Read<MlflowModelVersion>(root, "model_version") ?? throw Malformed("GET", "model-versions/get", "model_version");
    }

    /// <summary>The version an alias points at (an unknown alias is 400, not 404).</summary>
    public async Task<MlflowModelVersion> GetModelVersionByAliasAsync(string name, string alias, CancellationToken cancellation = default)
    {
        var root = await GetAsync("registered-models/alias", [("name", name), ("alias", alias)], cancellation).ConfigureAwait(false);
        return Read<MlflowModelVersion>(root, "model_version") ?? throw Malformed("GET", "registered-models/alias", "model_version");
    }
}
