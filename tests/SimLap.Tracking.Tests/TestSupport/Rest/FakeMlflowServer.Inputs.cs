using System.Net;
using System.Text.Json.Nodes;

namespace SimLap.Tracking.Tests.Rest;

/// <summary>runs/log-inputs of the fake server: like MLflow, a name and digest the run already has is ignored.</summary>
internal sealed partial class FakeMlflowServer
{
    /// <summary>Every input stored, in order: the run, the data set's name, digest and the context tag.</summary>
    public List<(string RunId, string Name, string Digest, string? Context)> DatasetInputs { get; } = [];

    private void LogInputs(HttpListenerContext context, JsonObject json)
    {
        if (!Runs.TryGetValue((string?)json["run_id"] ?? string.Empty, out var run))
        {
            Json(context, 404, new JsonObject { ["error_code"] = "RESOURCE_DOES_NOT_EXIST", ["message"] = "no run" });
            return;
        }

        foreach (var input in json["datasets"]!.AsArray())
        {
            var dataset = input!["dataset"]!;
            var (name, digest) = ((string?)dataset["name"] ?? string.Empty, (string?)dataset["digest"] ?? string.Empty);
            var contextTag = input["tags"]?.AsArray().FirstOrDefault(t => (string?)t!["key"] == "mlflow.data.context");
            if (!DatasetInputs.Any(i => i.RunId == run.RunId && i.Name == name && i.Digest == digest))
            {
                DatasetInputs.Add((run.RunId, name, digest, (string?)contextTag?["value"]));
            }
        }

        Json(context, 200, new JsonObject());
    }
}
