using System.Net;
using SimLap.Tracking;
using SimLap.Tracking.Rest;

namespace SimLap.Tracking.Tests.Rest;

/// <summary>runs/log-inputs against the transcript of a real MLflow 3.11 server (11-dataset-inputs.json), replayed on 127.0.0.1.</summary>
public sealed class DatasetInputsGoldenTests
{
    private const string Experiment = "golden-11-dataset-inputs-20261202053928";
    private const string Colspec = "{\"mlflow_colspec\": [{\"type\": \"double\", \"name\": \"sepal_length\", \"required\": true}, {\"type\": \"double\", \"name\": \"sepal_width\", \"required\": true}, {\"type\": \"double\", \"name\": \"petal_length\", \"required\": true}, {\"type\": \"double\", \"name\": \"petal_width\", \"required\": true}, {\"type\": \"long\", \"name\": \"label\", \"required\": true}]}";
    private const string TrainProfile = "{\"num_rows\": 120, \"num_elements\": 600, \"splits\": {\"train\": 120}}";

    private static readonly DatasetInput Train = new("iris-train", "3f2a9c1e", "local", "{\"uri\": \"data/iris/train.csv\"}", Colspec, TrainProfile, DatasetInput.Training);
    private static readonly DatasetInput Eval = new(
        "iris-eval", "b7e4d210", "http", "{\"url\": \"https://example.com/datasets/iris/eval.csv\"}", Colspec, "{\"num_rows\": 30, \"num_elements\": 150, \"splits\": {\"eval\": 30}}", DatasetInput.Evaluation);

    [Fact]
    public async Task LogInputsSendsTheRecordedRequestsAndRunsGetReadsTheInputsBack()
    {
        var t = GoldenTranscript.Load("11-dataset-inputs.json");
        using var server = new ReplayServer(t.Take(
            "create the scenario's experiment",
            "create run 'dataset-run'",
            "runs/get before any input: inputs is {}",
            "log-inputs: two datasets in one request, context training and evaluation",
            "runs/get: inputs.dataset_inputs holds both, with their tags",
            "duplicate: log the same training dataset (same name, digest and context) again",
            "same name+digest with a different context tag (evaluation)",
            "runs/get: still two inputs; the duplicates were ignored and the first context tag kept",
            "same name, new digest (the data changed): a new dataset input",
            "runs/get: three inputs, iris-train twice with different digests",
            "runs/search also returns inputs.dataset_inputs per run"));
        using var client = Client(server);

        var experimentId = await client.CreateExperimentAsync(Experiment);
        var runId = (await client.CreateRunAsync(experimentId, "dataset-run", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())).Info.RunId;
        Assert.Empty((await client.GetRunAsync(runId)).Inputs.DatasetInputs);
        await client.LogInputsAsync(runId, [MlflowDatasetInput.From(Train), MlflowDatasetInput.From(Eval)]);
        var both = (await client.GetRunAsync(runId)).Inputs.DatasetInputs;
        await client.LogInputsAsync(runId, [MlflowDatasetInput.From(Train)]);
        await client.LogInputsAsync(runId, [MlflowDatasetInput.From(Train with { Context = DatasetInput.Evaluation })]);
        var afterDuplicates = (await client.GetRunAsync(runId)).Inputs.DatasetInputs;
        await client.LogInputsAsync(runId, [MlflowDatasetInput.From(Train with { Digest = "91c0d5aa", Profile = "{\"num_rows\": 135, \"num_elements\": 675, \"splits\": {\"train\": 135}}" })]);
        var three = (await client.GetRunAsync(runId)).Inputs.DatasetInputs;
        var searched = Assert.Single((await client.SearchRunsAsync([experimentId], "attributes.run_name = 'dataset-run'")).Items);

        server.AssertAllServed();
        Assert.Equal(["iris-train", "iris-eval"], both.Select(i => i.Dataset.Name));
        var train = both[0];
        Assert.Equal(new MlflowKeyValue(DatasetInput.ContextTag, "training"), Assert.Single(train.Tags!));
        Assert.Equal(("3f2a9c1e", "local", "{\"uri\": \"data/iris/train.csv\"}", Colspec, TrainProfile), (train.Dataset.Digest, train.Dataset.SourceType, train.Dataset.Source, train.Dataset.Schema, train.Dataset.Profile));
        Assert.Equal("evaluation", Assert.Single(both[1].Tags!).Value);
        Assert.Equal(["training", "evaluation"], afterDuplicates.Select(i => Assert.Single(i.Tags!).Value));
        Assert.Equal(["3f2a9c1e", "b7e4d210", "91c0d5aa"], three.Select(i => i.Dataset.Digest));
        Assert.Equal(["3f2a9c1e", "b7e4d210", "91c0d5aa"], searched.Inputs.DatasetInputs.Select(i => i.Dataset.Digest));
    }

    [Fact]
    public async Task ASecondRunReusingANameAndDigestIsSentAsIsAndReadsTheFirstStoredDataSet()
    {
        var t = GoldenTranscript.Load("11-dataset-inputs.json");
        using var server = new ReplayServer(t.Take(
            "create a second run 'reuse-run' in the same experiment",
            "second run logs name+digest of an existing dataset but a different source and profile",
            "runs/get of the second run: it shows the dataset as first stored (per experiment, keyed by name+digest)"));
        using var client = Client(server);

        var runId = (await client.CreateRunAsync("14", "reuse-run", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())).Info.RunId;
        await client.LogInputsAsync(runId, [MlflowDatasetInput.From(Train with { Source = "{\"uri\": \"data/other/iris.csv\"}", Schema = null, Profile = "{\"num_rows\": 999}" })]);
        var stored = Assert.Single((await client.GetRunAsync(runId)).Inputs.DatasetInputs).Dataset;

        server.AssertAllServed();
        Assert.Equal("{\"uri\": \"data/iris/train.csv\"}", stored.Source);
        Assert.Equal(TrainProfile, stored.Profile);
    }

    [Fact]
    public async Task ATooLongDigestAndAnUnknownRunAreRejectedAndNotRetried()
    {
        var t = GoldenTranscript.Load("11-dataset-inputs.json");
        using var server = new ReplayServer(t.Take("digest longer than 36 characters -> 400", "log-inputs for an unknown run -> 404"));
        using var client = Client(server, attempts: 3);
        var untagged = MlflowDatasetInput.From(Train) with { Tags = null };

        var tooLong = await Assert.ThrowsAsync<MlflowApiException>(() => client.LogInputsAsync("a33beb5f08024b83b8a948d38d9fe44f", [untagged with { Dataset = untagged.Dataset with { Digest = new string('0', 37) } }]));
        var unknown = await Assert.ThrowsAsync<MlflowApiException>(() => client.LogInputsAsync("00000000000000000000000000000000", [untagged]));

        server.AssertAllServed();
        Assert.Equal((HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE"), (tooLong.StatusCode, tooLong.ErrorCode));
        Assert.Contains("'digest' exceeds the maximum length of 36 characters", tooLong.Message, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST"), (unknown.StatusCode, unknown.ErrorCode));
        Assert.False(unknown.IsTransient);
    }

    [Fact]
    public async Task NothingToLogSendsNothing()
    {
        using var server = new ReplayServer();
        using var client = Client(server);

        await client.LogInputsAsync("8d7b4dc731eb456f8e4e9404a46c7fb6", []);

        server.AssertAllServed();
        Assert.Equal(0, server.Served);
    }

    private static MlflowRestClient Client(ReplayServer server, int attempts = 1) =>
        new(new MlflowRestOptions(server.Uri) { Retry = new MlflowRetryPolicy(attempts, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5)) });
}
