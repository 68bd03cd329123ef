using System.Text.Json;
using System.Text.Json.Serialization;

namespace SimLap.Tracking.Rest;

/// <summary>
/// The JSON conventions of MLflow's REST API: snake_case names, absent (not null) optional fields, int64 fields that
/// may come back as strings, and non-finite doubles as the JSON strings <c>"NaN"</c>, <c>"Infinity"</c> and
/// <c>"-Infinity"</c> (a bare <c>NaN</c> token is invalid JSON and the server silently stores it as 0).
/// </summary>
public static class MlflowJson
{
    /// <summary>The serializer options for requests, responses and the spool.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = false,
    };
}
