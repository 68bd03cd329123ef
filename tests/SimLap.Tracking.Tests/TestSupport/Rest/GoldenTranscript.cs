using System.Text.Json.Nodes;

namespace SimLap.Tracking.Tests.Rest;

/// <summary>A recorded MLflow transcript from Fixtures/mlflow-golden (copied to the test output).</summary>
internal sealed class GoldenTranscript
{
    private GoldenTranscript(string name, JsonArray exchanges)
    {
        Name = name;
        Exchanges = exchanges.Select(e => e!.AsObject()).ToList();
    }

    public string Name { get; }

    public IReadOnlyList<JsonObject> Exchanges { get; }

    public static GoldenTranscript Load(string fileName)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "mlflow-golden", fileName);
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        return new GoldenTranscript(fileName, root["exchanges"]!.AsArray());
    }

    /// <summary>A deep copy of the exchange with this label.</summary>
    public JsonObject this[string label] =>
        Exchanges.FirstOrDefault(e => (string?)e["label"] == label)?.DeepClone().AsObject()
        ?? throw new KeyNotFoundException($"{Name} has no exchange labelled '{label}'. Labels: {string.Join(" | ", Exchanges.Select(e => (string?)e["label"]))}");

    /// <summary>Copies of the exchanges with these labels, in the given order.</summary>
    public JsonObject[] Take(params string[] labels) => labels.Select(l => this[l]).ToArray();

    /// <summary>An exchange with <paramref name="request"/>'s request and <paramref name="response"/>'s response.</summary>
    public static JsonObject Combine(JsonObject request, JsonObject response) => new()
    {
        ["label"] = $"{(string?)request["label"]} -> answered as: {(string?)response["label"]}",
        ["request"] = request["request"]!.DeepClone(),
        ["response"] = response["response"]!.DeepClone(),
    };
}
