using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using SimLap.Engine.Models;
using SimLap.Engine.Running;
using SimLap.Engine.Tests.TestSupport;
using SimLap.Engine.Training;
using SimLap.Tracking;

namespace SimLap.Engine.Tests.Models;

/// <summary>
/// A tiny experiment run into a local store ends with its encoder as an MLflow 3 logged model where MLflow's
/// FileStore reads it: the model's meta.yaml, params, tags, linked metrics and artifacts, and the run's outputs.
/// </summary>
public sealed class LoggedModelRunTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void ATrainedRunLogsItsEncoderAsAReadyModelWithTheFinalEvaluationLinkedOnce()
    {
        var store = new LocalFileStore(folder.Combine("mlruns"));
        var summary = new ExperimentRunner(store, NullLoggerFactory.Instance, new SilentProgress()).Run(TinyExperiment.Bind(TinyExperiment.Yaml()), CancellationToken.None);
        var run = store.ReadRun(summary.RunId)!;
        var modelId = run.Tags[EncoderModelLogger.ModelIdTag];
        var model = Path.Combine(Path.GetDirectoryName(run.Folder!)!, "models", modelId);

        Assert.Matches("^m-[0-9a-f]{32}$", modelId);
        var meta = MlflowYaml.ReadMapping(Path.Combine(model, "meta.yaml"));
        Assert.Equal("READY", meta["status"]);
        Assert.Equal((summary.RunId, run.ExperimentId, modelId), (meta["source_run_id"], meta["experiment_id"], meta["model_id"]));
        Assert.Equal(("tiny-encoder", EncoderModelLogger.ModelType, "active"), (meta["name"], meta["model_type"], meta["lifecycle_stage"]));
        Assert.Equal(FileUris.FromPath(Path.Combine(model, "artifacts")), meta["artifact_location"]);
        Assert.Equal("16", File.ReadAllText(Path.Combine(model, "params", "feature_dim")));
        Assert.Equal("small-cnn", File.ReadAllText(Path.Combine(model, "params", "backbone")));
        Assert.StartsWith("small-cnn (SimLap.Plugins.Core ", File.ReadAllText(Path.Combine(model, "tags", "simlap.component.backbone")), StringComparison.Ordinal);

        // The final kNN point, linked once, is the very point of the run (same timestamp, value and step), stored once there.
        var runPoint = Assert.Single(File.ReadAllLines(Path.Combine(run.Folder!, "metrics", "eval", "knn", "top1")));
        var modelPoint = Assert.Single(File.ReadAllLines(Path.Combine(model, "metrics", "eval", "knn", "top1")));
        Assert.Equal(runPoint + " " + summary.RunId, modelPoint);
        Assert.Equal(summary.Evaluation["eval/knn/top1"], double.Parse(modelPoint.Split(' ')[1], CultureInfo.InvariantCulture));
        Assert.Equal(summary.Steps.ToString(CultureInfo.InvariantCulture), modelPoint.Split(' ')[2]);

        var output = MlflowYaml.ReadMapping(Path.Combine(run.Folder!, "outputs", modelId, "meta.yaml"));
        Assert.Equal((modelId, "MODEL_OUTPUT", "RUN_OUTPUT"), (output["destination_id"], output["destination_type"], output["source_type"]));
        Assert.Equal(summary.Steps.ToString(CultureInfo.InvariantCulture), output["step"]);
    }

    [Fact]
    public void WithTrackingLogModelFalseTheRunFinishesWithItsEvaluationAndNoModel()
    {
        var store = new LocalFileStore(folder.Combine("mlruns"));
        var summary = new ExperimentRunner(store, NullLoggerFactory.Instance, new SilentProgress()).Run(TinyExperiment.Bind(TinyExperiment.Yaml(), "tracking.log_model=false"), CancellationToken.None);
        var run = store.ReadRun(summary.RunId)!;

        Assert.Equal(RunStatus.Finished, run.Status);
        Assert.Equal("False", File.ReadAllText(Path.Combine(run.Folder!, "params", "tracking.log_model")), ignoreCase: true);
        Assert.False(run.Tags.ContainsKey(EncoderModelLogger.ModelIdTag));
        Assert.False(Directory.Exists(Path.Combine(Path.GetDirectoryName(run.Folder!)!, "models")));
        Assert.False(Directory.Exists(Path.Combine(run.Folder!, "outputs")));
        Assert.Single(File.ReadAllLines(Path.Combine(run.Folder!, "metrics", "eval", "knn", "top1")));
    }

    [Fact]
    public void TheModelsArtifactsHoldSafetensorsTorchSharpWeightsAnMlModelAndACard()
    {
        var store = new LocalFileStore(folder.Combine("mlruns"));
        var summary = new ExperimentRunner(store, NullLoggerFactory.Instance, new SilentProgress()).Run(TinyExperiment.Bind(TinyExperiment.Yaml()), CancellationToken.None);
        var run = store.ReadRun(summary.RunId)!;
        var modelId = run.Tags[EncoderModelLogger.ModelIdTag];
        var artifacts = Path.Combine(Path.GetDirectoryName(run.Folder!)!, "models", modelId, "artifacts");

        var backbone = SafetensorsReader.Read(File.ReadAllBytes(Path.Combine(artifacts, "data", "backbone.safetensors")));
        // The small CNN's own state_dict names (TorchSharp's order: parameters, then buffers): widths [8, 16] over 3 input channels.
        Assert.Equal(
            [
                "stages.conv1.weight", "stages.bn1.weight", "stages.bn1.bias", "stages.conv2.weight", "stages.bn2.weight", "stages.bn2.bias",
                "stages.bn1.running_mean", "stages.bn1.running_var", "stages.bn1.num_batches_tracked", "stages.bn2.running_mean", "stages.bn2.running_var", "stages.bn2.num_batches_tracked",
            ],
            backbone.Tensors.Keys);
        Assert.Equal(new long[] { 8, 3, 3, 3 }, backbone.Tensors["stages.conv1.weight"].Shape);
        Assert.Equal(new long[] { 16, 8, 3, 3 }, backbone.Tensors["stages.conv2.weight"].Shape);
        Assert.Equal("I64", backbone.Tensors["stages.bn2.num_batches_tracked"].DType);
        // 2 epochs of 4 batches: BatchNorm counted 8 training batches.
        Assert.Equal([8L], backbone.Tensors["stages.bn2.num_batches_tracked"].Longs());

        // The same values as the TorchSharp weights file (TorchSharp's own format, read with TorchSharp).
        using (var scope = TorchSharp.torch.NewDisposeScope())
        {
            foreach (var (name, tensor) in TorchSharpStateDict.Read(File.ReadAllBytes(Path.Combine(artifacts, "data", "backbone.bin"))))
            {
                Assert.Equal(tensor.cpu().bytes.ToArray(), backbone.Tensors[name].Bytes);
            }
        }

        Assert.True(File.Exists(Path.Combine(artifacts, "data", "projector.safetensors")));
        Assert.True(File.Exists(Path.Combine(artifacts, "data", "head.safetensors")));
        var mlModel = File.ReadAllText(Path.Combine(artifacts, "MLmodel"));
        Assert.Contains($"model_id: {modelId}\nrun_id: {summary.RunId}\n", mlModel, StringComparison.Ordinal);
        Assert.Contains("    backbone: data/backbone.safetensors\n", mlModel, StringComparison.Ordinal);
        var card = File.ReadAllText(Path.Combine(artifacts, "README.md"));
        Assert.Contains("| backbone | small-cnn | SimLap.Plugins.Core |", card, StringComparison.Ordinal);
        Assert.Contains("- output: the backbone's features, [N, 16]", card, StringComparison.Ordinal);
        Assert.Contains("3 channel(s), 16 x 16 pixels", card, StringComparison.Ordinal);
        Assert.Contains("| stages.conv1.weight | F32 | [8, 3, 3, 3] |", card, StringComparison.Ordinal);
        Assert.Contains($"| eval/knn/top1 | {summary.Evaluation["eval/knn/top1"].ToString("G6", CultureInfo.InvariantCulture)} |", card, StringComparison.Ordinal);
        // conv1 8*3*3*3 + bn1 2*8 + conv2 16*8*3*3 + bn2 2*16 = 216 + 16 + 1152 + 32.
        Assert.Contains("| backbone | 1,416 |", card, StringComparison.Ordinal);
    }

    [Fact]
    public void RegisteringTheModelInTheLocalStoreWritesMlflowsRegistryLayoutAndMovesTheAlias()
    {
        var store = new LocalFileStore(folder.Combine("mlruns"));
        var summary = new ExperimentRunner(store, NullLoggerFactory.Instance, new SilentProgress()).Run(TinyExperiment.Bind(TinyExperiment.Yaml()), CancellationToken.None);

        var (model, first) = ModelRegistration.Register(store, summary.RunId, "tiny-encoder", "champion");
        var (_, second) = ModelRegistration.Register(store, summary.RunId, "tiny-encoder", "champion");

        Assert.Equal(("1", "2"), (first, second));
        var registered = folder.Combine("mlruns", "models", "tiny-encoder");
        Assert.Equal("tiny-encoder", MlflowYaml.ReadMapping(Path.Combine(registered, "meta.yaml"))["name"]);
        var version = MlflowYaml.ReadMapping(Path.Combine(registered, "version-2", "meta.yaml"));
        Assert.Equal(("models:/" + model.ModelId, summary.RunId, "READY", "2"), (version["source"], version["run_id"], version["status"], version["version"]));
        Assert.Equal(model.ArtifactUri, version["storage_location"]);
        Assert.Equal("2", File.ReadAllText(Path.Combine(registered, "aliases", "champion")));
        var tag = File.ReadAllText(Path.Combine(Path.GetDirectoryName(store.ReadRun(summary.RunId)!.Folder!)!, "models", model.ModelId, "tags", "mlflow.modelVersions"));
        Assert.Equal("""[{"name":"tiny-encoder","version":1},{"name":"tiny-encoder","version":2}]""", tag);
        var reserved = Assert.Throws<SimLap.Engine.Configuration.ConfigurationException>(() => ModelRegistration.Register(store, summary.RunId, "tiny-encoder", "v3"));
        Assert.Contains("--alias 'v3'", reserved.Message, StringComparison.Ordinal);
    }
}
