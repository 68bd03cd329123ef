namespace SimLap.Tracking.Rest;

/// <summary>An MLflow 3 logged model (<c>logged-models</c> answers): its info and data.</summary>
public sealed record MlflowLoggedModel
{
    /// <summary>Id, name, status, artifact location, source run and tags.</summary>
    public MlflowLoggedModelInfo Info { get; init; } = new();

    /// <summary>Params and every linked metric point.</summary>
    public MlflowLoggedModelData Data { get; init; } = new();
}

/// <summary>A logged model's <c>info</c> block.</summary>
public sealed record MlflowLoggedModelInfo
{
    /// <summary>The model id (<c>m-</c> and 32 hex characters on a server).</summary>
    public string ModelId { get; init; } = string.Empty;

    /// <summary>The experiment the model belongs to.</summary>
    public string ExperimentId { get; init; } = string.Empty;

    /// <summary>The model's name.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>Where its files go: <c>mlflow-artifacts:/&lt;exp&gt;/models/&lt;model_id&gt;/artifacts</c> on a server.</summary>
    public string ArtifactUri { get; init; } = string.Empty;

    /// <summary><c>LOGGED_MODEL_PENDING</c>, <c>LOGGED_MODEL_READY</c> or <c>LOGGED_MODEL_UPLOAD_FAILED</c>.</summary>
    public string Status { get; init; } = string.Empty;

    /// <summary>The model type given at creation ("" when none was).</summary>
    public string ModelType { get; init; } = string.Empty;

    /// <summary>The run that produced the model ("" when none was given).</summary>
    public string SourceRunId { get; init; } = string.Empty;

    /// <summary>Creation time, Unix milliseconds.</summary>
    public long CreationTimestampMs { get; init; }

    /// <summary>Last change, Unix milliseconds.</summary>
    public long LastUpdatedTimestampMs { get; init; }

    /// <summary>The tags (the server adds <c>mlflow.modelVersions</c> once the model is registered).</summary>
    public IReadOnlyList<MlflowKeyValue> Tags { get; init; } = [];
}

/// <summary>A logged model's <c>data</c> block.</summary>
public sealed record MlflowLoggedModelData
{
    /// <summary>The params.</summary>
    public IReadOnlyList<MlflowKeyValue> Params { get; init; } = [];

    /// <summary>Every point linked to the model (not only the latest), each with its run and data set.</summary>
    public IReadOnlyList<MlflowMetric> Metrics { get; init; } = [];
}
