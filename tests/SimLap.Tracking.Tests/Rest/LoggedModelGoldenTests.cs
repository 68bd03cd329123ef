using System.Net;
using SimLap.Tracking.Rest;

namespace SimLap.Tracking.Tests.Rest;

/// <summary>Logged models and the Model Registry against transcripts 12 and 13 of a real MLflow 3.11 server.</summary>
public sealed class LoggedModelGoldenTests
{
    private const string Model12 = "m-080861320a334f5fa41ed50c7f53af45";
    private const string Run12 = "cb6b8895b93c4d06a179c8960d30104c";
    private const string Model13 = "m-177435678b3b41c48363ae36a9cc8a25";
    private const string Run13 = "43b3066c236d46599eb203f892253659";
    private const string Registered13 = "golden-13-iris-classifier-20261202053928";

    [Fact]
    public async Task LoggedModelCreateParamsTagsArtifactsOutputsMetricsAndFinalizeMatchTheRecording()
    {
        var t = GoldenTranscript.Load("12-logged-models.json");
        using var server = new ReplayServer(t.Take(
            "logged-models create: experiment_id, name, model_type, source_run_id, params, tags",
            "logged-models/{id}/params: add params (model_id is required in the body too)",
            "logged-models/{id}/params: the same key and value again -> 400 (a model param cannot be re-logged at all)",
            "logged-models/{id}/tags (PATCH): add 'stage', overwrite 'team'",
            "upload MLmodel to the model's artifact root through the proxy (artifact_uri mlflow-artifacts:/<exp>/models/<model_id>/artifacts)",
            "upload a binary weights file into a subdirectory",
            "upload a model card",
            "logged-models/{id}/artifacts/directories: the model's artifact root",
            "artifacts/directories?artifact_directory_path=data (paths relative to the model root)",
            "runs/outputs: record the model as an output of the run at step 2",
            "log-batch: evaluation metrics with model_id + dataset_name/dataset_digest, val_loss with model_id only at steps 1 and 2",
            "logged-models/{id} GET: params, tags and every linked metric point (model_id, run_id, dataset)",
            "finalize (PATCH) with status LOGGED_MODEL_READY"));
        using var client = Client(server);

        var model = await client.CreateLoggedModelAsync(
            "15", "iris-classifier", "Classifier", Run12, [new("learning_rate", "0.01"), new("hidden_units", "16")], [new("framework", "torchsharp"), new("team", "csharp-client")]);
        Assert.Equal(Model12, model.Info.ModelId);
        Assert.Equal("LOGGED_MODEL_PENDING", model.Info.Status);
        Assert.Equal("mlflow-artifacts:/15/models/" + Model12 + "/artifacts", model.Info.ArtifactUri);
        Assert.Equal(Run12, model.Info.SourceRunId);
        await client.LogLoggedModelParamsAsync(Model12, [new("epochs", "3"), new("optimizer", "adam")]);
        var again = await Assert.ThrowsAsync<MlflowApiException>(() => client.LogLoggedModelParamsAsync(Model12, [new("epochs", "3")]));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal("BAD_REQUEST", again.ErrorCode);
        await client.SetLoggedModelTagsAsync(Model12, [new("stage", "dev"), new("team", "ml-platform")]);
        await client.UploadArtifactAsync(model.Info.ArtifactUri, "MLmodel", Recorded(t, "upload MLmodel to the model's artifact root through the proxy (artifact_uri mlflow-artifacts:/<exp>/models/<model_id>/artifacts)"));
        await client.UploadArtifactAsync(model.Info.ArtifactUri, "data/model.safetensors", Recorded(t, "upload a binary weights file into a subdirectory"));
        await client.UploadArtifactAsync(model.Info.ArtifactUri, "README.md", Recorded(t, "upload a model card"), "text/markdown");
        var files = await client.ListLoggedModelArtifactsAsync(Model12);
        Assert.Equal(["MLmodel", "README.md", "data"], files.Select(f => f.Path));
        Assert.True(files[2].IsDir);
        var data = Assert.Single(await client.ListLoggedModelArtifactsAsync(Model12, "data"));
        Assert.Equal(("data/model.safetensors", 512L), (data.Path, data.FileSize!.Value));
        await client.LogOutputsAsync(Run12, [(Model12, 2)]);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await client.LogBatchAsync(
            Run12,
            [
                Point("eval_accuracy", 0.93, 2, now) with { DatasetName = "iris-eval", DatasetDigest = "b7e4d210" },
                Point("eval_loss", 0.21, 2, now) with { DatasetName = "iris-eval", DatasetDigest = "b7e4d210" },
                Point("val_loss", 0.4, 1, now), Point("val_loss", 0.25, 2, now),
            ],
            null,
            null);
        var stored = await client.GetLoggedModelAsync(Model12);
        Assert.Equal(["epochs", "hidden_units", "learning_rate", "optimizer"], stored.Data.Params.Select(p => p.Key));
        Assert.Equal([0.93, 0.21, 0.4, 0.25], stored.Data.Metrics.Select(m => m.Value));
        Assert.All(stored.Data.Metrics, m => Assert.Equal((Model12, Run12), (m.ModelId, m.RunId)));
        Assert.Equal("b7e4d210", stored.Data.Metrics[0].DatasetDigest);
        Assert.Contains(new MlflowKeyValue("team", "ml-platform"), stored.Info.Tags);
        var ready = await client.FinalizeLoggedModelAsync(Model12, MlflowRestClient.ModelReady);
        Assert.Equal("LOGGED_MODEL_READY", ready.Info.Status);
        server.AssertAllServed();
    }

    [Fact]
    public async Task FinalizeWithTheServersStatusNamesAndAMissingModelIsNotFound()
    {
        var t = GoldenTranscript.Load("12-logged-models.json");
        using var server = new ReplayServer(t.Take("get of an unknown model id -> 404", "logged-models create in an unknown experiment -> 404"));
        using var client = Client(server);

        var missing = await Assert.ThrowsAsync<MlflowApiException>(() => client.GetLoggedModelAsync("m-00000000000000000000000000000000"));
        Assert.Equal((HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST"), (missing.StatusCode, missing.ErrorCode));
        var noExperiment = await Assert.ThrowsAsync<MlflowApiException>(() => client.CreateLoggedModelAsync("999999999", "iris-classifier", null, null));
        Assert.Equal((HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST"), (noExperiment.StatusCode, noExperiment.ErrorCode));
        server.AssertAllServed();
    }

    [Fact]
    public async Task RegisterAVersionFromTheLoggedModelAndMoveAnAliasMatchesTheRecording()
    {
        var t = GoldenTranscript.Load("13-model-registry.json");
        using var server = new ReplayServer(t.Take(
            "logged-models create (source_run_id = the run)",
            "runs/outputs: the model is an output of the run",
            "finalize the logged model (LOGGED_MODEL_READY)",
            "registered-models/create with description and tags",
            "registered-models/create again with the same name -> 400 RESOURCE_ALREADY_EXISTS",
            "model-versions/create: source models:/<model_id>, run_id and model_id",
            "registered-models/alias (POST): set alias 'champion' -> version 1",
            "registered-models/alias (GET): model version by alias",
            "model-versions/create without run_id: run_id is taken from the model's source_run_id",
            "move alias 'champion' to version 2",
            "get by alias now returns version 2",
            "set alias 'v1' (reserved) -> 400",
            "model-versions/create for a registered model that does not exist -> 404",
            "model-versions/get of a version that does not exist -> 404"));
        using var client = Client(server);

        var model = await client.CreateLoggedModelAsync("16", "iris-classifier", "Classifier", Run13, [new("hidden_units", "16")]);
        Assert.Equal(Model13, model.Info.ModelId);
        await client.LogOutputsAsync(Run13, [(Model13, 0)]);
        Assert.Equal("LOGGED_MODEL_READY", (await client.FinalizeLoggedModelAsync(Model13, MlflowRestClient.ModelReady)).Info.Status);
        await client.CreateRegisteredModelAsync(Registered13, "Iris classifier from the C# client", [new("team", "csharp-client")]);
        var taken = await Assert.ThrowsAsync<MlflowApiException>(() => client.CreateRegisteredModelAsync(Registered13));
        Assert.Equal("RESOURCE_ALREADY_EXISTS", taken.ErrorCode);
        var v1 = await client.CreateModelVersionAsync(Registered13, Model13, Run13, "first version", [new("validated", "true")]);
        Assert.Equal(("1", "models:/" + Model13, Run13, "READY"), (v1.Version, v1.Source, v1.RunId, v1.Status));
        await client.SetRegisteredModelAliasAsync(Registered13, "champion", "1");
        Assert.Equal(["champion"], (await client.GetModelVersionByAliasAsync(Registered13, "champion")).Aliases);
        var v2 = await client.CreateModelVersionAsync(Registered13, Model13);
        Assert.Equal(("2", Run13), (v2.Version, v2.RunId));
        await client.SetRegisteredModelAliasAsync(Registered13, "champion", "2");
        Assert.Equal("2", (await client.GetModelVersionByAliasAsync(Registered13, "champion")).Version);
        var reserved = await Assert.ThrowsAsync<MlflowApiException>(() => client.SetRegisteredModelAliasAsync(Registered13, "v1", "1"));
        Assert.Equal((HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE"), (reserved.StatusCode, reserved.ErrorCode));
        var noModel = await Assert.ThrowsAsync<MlflowApiException>(() => client.CreateModelVersionAsync(Registered13 + "-missing", Model13));
        Assert.Equal((HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST"), (noModel.StatusCode, noModel.ErrorCode));
        var noVersion = await Assert.ThrowsAsync<MlflowApiException>(() => client.GetModelVersionAsync(Registered13, "99"));
        Assert.Equal(HttpStatusCode.NotFound, noVersion.StatusCode);
        server.AssertAllServed();
    }

    private static MlflowMetric Point(string key, double value, long step, long timestamp) =>
        new() { Key = key, Value = value, Step = step, Timestamp = timestamp, ModelId = Model12 };

    private static byte[] Recorded(GoldenTranscript t, string label) => Convert.FromBase64String((string)t[label]["request"]!["body"]!["raw_base64"]!);

    private static MlflowRestClient Client(ReplayServer server) =>
        new(new MlflowRestOptions(server.Uri) { Retry = new MlflowRetryPolicy(1, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5)) });
}
