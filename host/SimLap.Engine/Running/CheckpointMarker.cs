using System.Text.Json;
using System.Text.Json.Serialization;

namespace SimLap.Engine.Running;

/// <summary>What a run's checkpoint folder says about its run (<see cref="CheckpointHome.MarkerFileName"/>).</summary>
/// <param name="RunId">The run id.</param>
/// <param name="Experiment">The MLflow experiment the run was logged under.</param>
/// <param name="Store">The tracking store the run was logged to (a local store's folder, or a server's URI without credentials).</param>
public sealed record CheckpointMarker(
    [property: JsonPropertyName("run_id")] string RunId,
    [property: JsonPropertyName("experiment")] string Experiment,
    [property: JsonPropertyName("store")] string Store)
{
    /// <summary>How markers are written and read.</summary>
    internal static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };
}
