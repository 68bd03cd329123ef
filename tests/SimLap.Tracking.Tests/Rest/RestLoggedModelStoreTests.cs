using System.Net;
using System.Text.Json.Nodes;
using SimLap.Tracking;
using SimLap.Tracking.Rest;

namespace SimLap.Tracking.Tests.Rest;

/// <summary>The server's logged-model store against transcript 12: the requests a trained run's model logging sends.</summary>
public sealed class RestLoggedModelStoreTests : IDisposable
{
    private const string Run = "cb6b8895b93c4d06a179c8960d30104c";
    private const string Model = "m-080861320a334f5fa41ed50c7f53af45";
    private readonly string folder = Directory.CreateTempSubdirectory("simlap-model-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void CreateUploadOutputLinkAndFinalizeSendTheRecordedRequests()
    {
        var t = GoldenTranscript.Load("12-logged-models.json");
        using var server = new ReplayServer(t.Take(
            "logged-models create: experiment_id, name, model_type, source_run_id, params, tags",
            "upload MLmodel to the model's artifact root through the proxy (artifact_uri mlflow-artifacts:/<exp>/models/<model_id>/artifacts)",
            "upload a model card",
            "upload a binary weights file into a subdirectory",
            "runs/outputs: record the model as an output of the run at step 2",
            "log-batch: evaluation metrics with model_id + dataset_name/dataset_digest, val_loss with model_id only at steps 1 and 2",
            "finalize (PATCH) with status LOGGED_MODEL_READY"));
        using var client = Client(server);
        var store = new RestLoggedModelStore(client, Run, "15");
        WriteRecordedFiles(t);

        var model = store.Create(new LoggedModelSpec(
            "iris-classifier",
            "Classifier",
            new Dictionary<string, string> { ["learning_rate"] = "0.01", ["hidden_units"] = "16" },
            new Dictionary<string, string> { ["framework"] = "torchsharp", ["team"] = "csharp-client" }))!;
        store.UploadArtifacts(model, folder);
        store.LogOutput(model, 2);
        store.LinkMetrics(model, [new("eval_accuracy", 0.93, 2, 1, "iris-eval", "b7e4d210"), new("eval_loss", 0.21, 2, 1, "iris-eval", "b7e4d210"), new("val_loss", 0.4, 1, 1), new("val_loss", 0.25, 2, 1)]);
        store.Finalize(model, ready: true);

        Assert.Equal(new StoredLoggedModel(Model, "15", Run, $"mlflow-artifacts:/15/models/{Model}/artifacts"), model);
        server.AssertAllServed();
    }

    [Fact]
    public void AFailedUploadIsThrownAndTheModelCanBeFinalizedAsUploadFailed()
    {
        var t = GoldenTranscript.Load("12-logged-models.json");
        var upload = t["upload MLmodel to the model's artifact root through the proxy (artifact_uri mlflow-artifacts:/<exp>/models/<model_id>/artifacts)"];
        upload["response"] = new JsonObject { ["status"] = 500, ["headers"] = new JsonObject { ["Content-Type"] = "application/json" }, ["body"] = new JsonObject { ["error_code"] = "INTERNAL_ERROR", ["message"] = "disk full" } };
        var failed = t["finalize (PATCH) with status LOGGED_MODEL_READY"];
        failed["request"]!["body"]!["status"] = MlflowRestClient.ModelUploadFailed;
        failed["response"]!["body"]!["model"]!["info"]!["status"] = MlflowRestClient.ModelUploadFailed;
        using var server = new ReplayServer(t["logged-models create: experiment_id, name, model_type, source_run_id, params, tags"], upload, failed);
        using var client = Client(server);
        var store = new RestLoggedModelStore(client, Run, "15");
        File.WriteAllBytes(Path.Combine(folder, "MLmodel"), Recorded(t, "upload MLmodel to the model's artifact root through the proxy (artifact_uri mlflow-artifacts:/<exp>/models/<model_id>/artifacts)"));
        var model = store.Create(new LoggedModelSpec(
            "iris-classifier",
            "Classifier",
            new Dictionary<string, string> { ["learning_rate"] = "0.01", ["hidden_units"] = "16" },
            new Dictionary<string, string> { ["framework"] = "torchsharp", ["team"] = "csharp-client" }))!;

        var error = Assert.Throws<MlflowApiException>(() => store.UploadArtifacts(model, folder));
        store.Finalize(model, ready: false);

        Assert.Equal((HttpStatusCode.InternalServerError, "INTERNAL_ERROR"), (error.StatusCode, error.ErrorCode));
        server.AssertAllServed();
    }

    [Fact]
    public void AServerWithoutLoggedModelsIsNoStoreOfThem()
    {
        // An MLflow 2 server answers the unknown route with an HTML 404 page, as MLflow 3.11 does for one it lacks.
        var t = GoldenTranscript.Load("12-logged-models.json");
        using var server = new ReplayServer(GoldenTranscript.Combine(
            t["logged-models create: experiment_id, name, model_type, source_run_id, params, tags"], t["artifacts/files does not exist under /api/2.0 (HTML 404)"]));
        using var client = Client(server);

        var model = new RestLoggedModelStore(client, Run, "15").Create(new LoggedModelSpec(
            "iris-classifier",
            "Classifier",
            new Dictionary<string, string> { ["learning_rate"] = "0.01", ["hidden_units"] = "16" },
            new Dictionary<string, string> { ["framework"] = "torchsharp", ["team"] = "csharp-client" }));

        Assert.Null(model);
        server.AssertAllServed();
    }

    private void WriteRecordedFiles(GoldenTranscript t)
    {
        Directory.CreateDirectory(Path.Combine(folder, "data"));
        File.WriteAllBytes(Path.Combine(folder, "MLmodel"), Recorded(t, "upload MLmodel to the model's artifact root through the proxy (artifact_uri mlflow-artifacts:/<exp>/models/<model_id>/artifacts)"));
        File.WriteAllBytes(Path.Combine(folder, "README.md"), Recorded(t, "upload a model card"));
        File.WriteAllBytes(Path.Combine(folder, "data", "model.safetensors"), Recorded(t, "upload a binary weights file into a subdirectory"));
    }

    private static byte[] Recorded(GoldenTranscript t, string label) => Convert.FromBase64String((string)t[label]["request"]!["body"]!["raw_base64"]!);

    private static MlflowRestClient Client(ReplayServer server) =>
        new(new MlflowRestOptions(server.Uri) { Retry = new MlflowRetryPolicy(1, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5)) });
}
