namespace SimLap.Tracking.Rest;

/// <summary>A version of a registered model (Model Registry).</summary>
public sealed record MlflowModelVersion
{
    /// <summary>The registered model's name.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>The version number, as the string the server sends.</summary>
    public string Version { get; init; } = string.Empty;

    /// <summary>Where it was registered from: <c>models:/&lt;model_id&gt;</c>.</summary>
    public string Source { get; init; } = string.Empty;

    /// <summary>The run of the logged model.</summary>
    public string RunId { get; init; } = string.Empty;

    /// <summary><c>READY</c> once registered.</summary>
    public string Status { get; init; } = string.Empty;

    /// <summary>The aliases pointing at this version.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];
}
