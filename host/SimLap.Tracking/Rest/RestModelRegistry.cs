namespace SimLap.Tracking.Rest;

/// <summary>The Model Registry of an MLflow server (transcript 13): registered-models/create, model-versions/create, alias.</summary>
/// <param name="client">The server's client.</param>
public sealed class RestModelRegistry(MlflowRestClient client) : IModelRegistry
{
    /// <inheritdoc />
    public string Register(string name, StoredLoggedModel model, string? alias)
    {
        try
        {
            client.CreateRegisteredModelAsync(name).GetAwaiter().GetResult();
        }
        catch (MlflowApiException e) when (e.ErrorCode == "RESOURCE_ALREADY_EXISTS")
        {
            // A new version of an existing registered model.
        }

        var version = client.CreateModelVersionAsync(name, model.ModelId, model.SourceRunId).GetAwaiter().GetResult();
        if (alias is not null)
        {
            client.SetRegisteredModelAliasAsync(name, alias, version.Version).GetAwaiter().GetResult();
        }

        return version.Version;
    }
}
