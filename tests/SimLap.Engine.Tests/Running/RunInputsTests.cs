using Microsoft.Extensions.Logging.Abstractions;
using SimLap.Contracts.Data;
using SimLap.Engine.Running;
using SimLap.Engine.Tests.TestSupport;
using SimLap.Engine.Training;
using SimLap.Tracking;

namespace SimLap.Engine.Tests.Running;

/// <summary>A run records its training data set, and each evaluator's own data set, as MLflow run inputs.</summary>
public sealed class RunInputsTests : IDisposable
{
    // Python's hashlib over the documented stream of the tiny experiment's generator settings (seed 7 is the experiment's).
    private const string TrainDigest = "167b354d2858c7fd";
    private const string TransferDigest = "4f3dcc99fac842ac";
    private const string TransferData = "data: {type: synthetic, image_size: 16, shapes: 2, colours: 2, train_per_class: 8, test_per_class: 4, seed: 3}";

    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void ARunOfTheTinyExperimentHasItsTrainingSetAsAnInputInTheLocalStore()
    {
        var (runDirectory, summary) = Run(TinyExperiment.Yaml());

        var input = Assert.Single(Inputs(runDirectory));
        Assert.Equal("training", input.Context);
        var dataset = Dataset(runDirectory, input.SourceId);
        Assert.Equal(TrainDigest, dataset["digest"]);
        Assert.Equal("synthetic", dataset["name"]);
        Assert.Equal("code", dataset["source_type"]);
        Assert.Equal("{\"tags\": {\"simlap.dataset\": \"synthetic\"}}", dataset["source"]);
        Assert.Equal("{\"num_rows\": 96, \"num_classes\": 4, \"splits\": {\"train\": 64, \"test\": 32}}", dataset["profile"]);
        Assert.Equal(
            "{\"mlflow_tensorspec\": {\"features\": \"[{\\\"type\\\": \\\"tensor\\\", \\\"tensor-spec\\\": {\\\"dtype\\\": \\\"uint8\\\", \\\"shape\\\": [-1, 3, 16, 16]}}]\", " +
            "\"targets\": \"[{\\\"type\\\": \\\"tensor\\\", \\\"tensor-spec\\\": {\\\"dtype\\\": \\\"int64\\\", \\\"shape\\\": [-1]}}]\"}}",
            dataset["schema"]);
        Assert.Equal(8, summary.Steps);
    }

    [Fact]
    public void AnEvaluatorWithItsOwnDataAddsAnEvaluationInputAndOneOnTheTrainingSetAddsNone()
    {
        var sameAsTraining = "data: {type: synthetic, image_size: 16, shapes: 2, colours: 2, train_per_class: 16, test_per_class: 8}";
        var yaml = TinyExperiment.YamlStartingWith($"eval: [{{type: knn, k: 5}}, {{type: knn, k: 3, {TransferData}}}, {{type: knn, k: 1, {sameAsTraining}}}]");

        var (runDirectory, _) = Run(yaml);

        var inputs = Inputs(runDirectory).ToDictionary(i => i.Context);
        Assert.Equal(["evaluation", "training"], inputs.Keys.Order());
        Assert.Equal(TrainDigest, Dataset(runDirectory, inputs["training"].SourceId)["digest"]);
        var transfer = Dataset(runDirectory, inputs["evaluation"].SourceId);
        Assert.Equal(TransferDigest, transfer["digest"]);
        Assert.Equal("{\"num_rows\": 48, \"num_classes\": 4, \"splits\": {\"train\": 32, \"test\": 16}}", transfer["profile"]);
    }

    [Fact]
    public void ADataSetWithoutADescriptionIsDescribedByItsComponentOptions()
    {
        var experiment = TinyExperiment.Resolve();

        var description = RunInputs.Describe(new UndescribedDataset(), experiment, "data");

        Assert.Equal(("plain", "code", "synthetic"), (description.Name, description.SourceType, description.Source));
        Assert.Empty(description.Files);
        Assert.Equal("16", description.Settings["image_size"]);
        Assert.Equal("synthetic", description.Settings["type"]);
        Assert.DoesNotContain(description.Settings.Keys, k => k.StartsWith("backbone", StringComparison.Ordinal));
    }

    private (string RunDirectory, RunSummary Summary) Run(string yaml)
    {
        var store = new LocalFileStore(folder.Combine("mlruns"));
        var summary = new ExperimentRunner(store, NullLoggerFactory.Instance, new SilentProgress()).Run(TinyExperiment.Bind(yaml), CancellationToken.None);
        return (summary.Location, summary);
    }

    private static List<(string SourceId, string Context)> Inputs(string runDirectory) =>
        Directory.GetDirectories(Path.Combine(runDirectory, "inputs"))
            .Select(d => Path.Combine(d, "meta.yaml"))
            .Select(path => (MlflowYaml.ReadMapping(path)["source_id"]!, ContextOf(path)))
            .ToList();

    // The tags are the input's one nested mapping (ReadMapping reads top-level scalars only): its context line.
    private static string ContextOf(string metaPath)
    {
        const string prefix = "  mlflow.data.context: ";
        return File.ReadLines(metaPath).Single(l => l.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..];
    }

    private static Dictionary<string, string?> Dataset(string runDirectory, string datasetId) =>
        MlflowYaml.ReadMapping(Path.Combine(Path.GetDirectoryName(runDirectory)!, "datasets", datasetId, "meta.yaml"));

    private sealed class UndescribedDataset : IDataset
    {
        public DatasetInfo Info { get; } = new("plain", 3, 16, 16, ["a", "b"]);

        public ImageSet Load(DatasetSplit split) => throw new NotSupportedException();
    }
}
