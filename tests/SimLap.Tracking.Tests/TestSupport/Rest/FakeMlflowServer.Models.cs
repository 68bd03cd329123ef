using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace SimLap.Tracking.Tests.Rest;

/// <summary>
/// MLflow 3 logged models on the fake server: logged-models create and finalize, runs/outputs, model artifacts through
/// the proxy, and metric points linked with <c>model_id</c> on log-batch. Like MLflow's SQL store, a linked point
/// identical to one the run holds (key, value, timestamp, step) is not stored for the run a second time.
/// </summary>
internal sealed partial class FakeMlflowServer
{
    /// <summary>Every logged model created: id → (run, status, artifacts).</summary>
    public Dictionary<string, (string RunId, string Status, Dictionary<string, byte[]> Artifacts)> Models { get; } = new(StringComparer.Ordinal);

    /// <summary>Every point linked to a model: (model id, run id, key, step, value, timestamp).</summary>
    public List<(string ModelId, string RunId, string Key, long Step, double Value, long Timestamp)> ModelPoints { get; } = [];

    /// <summary>Every model recorded as an output of a run: (run id, model id, step).</summary>
    public List<(string RunId, string ModelId, long Step)> Outputs { get; } = [];

    /// <summary>Stores a metric point of a log-batch: for the model it names, and for the run unless the run has that very point.</summary>
    private void AddPoint(string runId, string key, long step, double value, long timestamp, string? modelId)
    {
        if (modelId is not null)
        {
            ModelPoints.Add((modelId, runId, key, step, value, timestamp));
            if (Points.Contains((runId, key, step, value, timestamp)))
            {
                return;
            }
        }

        Points.Add((runId, key, step, value, timestamp));
    }

    /// <summary>Handles the logged-model requests; false for any other.</summary>
    private bool RouteModels(HttpListenerContext context, string method, string path, JsonObject? json)
    {
        const string models = "/api/2.0/mlflow/logged-models";
        const string artifacts = "/api/2.0/mlflow-artifacts/artifacts/";
        if (method == "POST" && path == models)
        {
            var id = "m-" + Guid.NewGuid().ToString("N");
            Models[id] = ((string)json!["source_run_id"]!, "LOGGED_MODEL_PENDING", new Dictionary<string, byte[]>(StringComparer.Ordinal));
            Json(context, 200, new JsonObject { ["model"] = ModelJson(id, (string)json["experiment_id"]!) });
            return true;
        }

        if (method == "PATCH" && path.StartsWith(models + "/", StringComparison.Ordinal) && Models.TryGetValue(path[(models.Length + 1)..], out var model))
        {
            var id = path[(models.Length + 1)..];
            Models[id] = model with { Status = (string)json!["status"]! };
            Json(context, 200, new JsonObject { ["model"] = ModelJson(id, "1") });
            return true;
        }

        if (method == "POST" && path == "/api/2.0/mlflow/runs/outputs")
        {
            foreach (var output in json!["models"]!.AsArray())
            {
                Outputs.Add(((string)json["run_id"]!, (string)output!["model_id"]!, (long)output["step"]!));
            }

            Json(context, 200, new JsonObject());
            return true;
        }

        if (method == "PUT" && path.StartsWith(artifacts, StringComparison.Ordinal) && path[artifacts.Length..].Split('/') is [_, "models", var owner, "artifacts", .. var rest])
        {
            Models[owner].Artifacts[string.Join('/', rest)] = Encoding.UTF8.GetBytes(LastBody());
            Json(context, 200, new JsonObject());
            return true;
        }

        return false;
    }

    private JsonObject ModelJson(string id, string experimentId) => new()
    {
        ["info"] = new JsonObject
        {
            ["model_id"] = id,
            ["experiment_id"] = experimentId,
            ["source_run_id"] = Models[id].RunId,
            ["status"] = Models[id].Status,
            ["artifact_uri"] = $"mlflow-artifacts:/{experimentId}/models/{id}/artifacts",
        },
    };
}
