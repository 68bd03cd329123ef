using System.Security.Cryptography;
using System.Text;
using SimLap.Tracking;
using YamlDotNet.RepresentationModel;

namespace SimLap.Tracking.Tests;

/// <summary>Run inputs in a local store, read back from MLflow's file-store layout as MLflow's FileStore reads them.</summary>
public sealed class LocalDatasetInputsTests : IDisposable
{
    private const string Schema = "{\"mlflow_tensorspec\": {\"features\": \"[{\\\"type\\\": \\\"tensor\\\", \\\"tensor-spec\\\": {\\\"dtype\\\": \\\"uint8\\\", \\\"shape\\\": [-1, 1, 28, 28]}}]\", \"targets\": null}}";
    private const string Profile = "{\"num_rows\": 70000, \"num_classes\": 10, \"splits\": {\"train\": 60000, \"test\": 10000}}";

    // md5("fashion-mnist" + "0123456789abcdef") and md5("synthetic" + "12345678"), computed with Python's hashlib.
    private const string FashionId = "57968008b76413edf1450cc7bb390e78";
    private const string SyntheticId = "2d008166209c050b563e105f866fd9a6";

    private static readonly DatasetInput Fashion = new("fashion-mnist", "0123456789abcdef", "local", "{\"uri\": \"/data/fashion-mnist\"}", Schema, Profile, DatasetInput.Training);
    private static readonly DatasetInput Synthetic = new("synthetic", "12345678", "code", "{\"tags\": {\"simlap.dataset\": \"synthetic\"}}", null, null, DatasetInput.Evaluation);

    private readonly TrackingTestFolder folder = new();

    public void Dispose() => this.folder.Dispose();

    [Fact]
    public void InputsAreWrittenAsMlflowsFileStoreWritesThemEveryFieldReadBack()
    {
        var store = new LocalFileStore(this.folder.Combine("mlruns"));
        var run = store.StartLocalRun("exp", "inputs");
        run.LogInputs([Fashion, Synthetic]);
        run.End(RunStatus.Finished);

        var experiment = Path.GetDirectoryName(run.RunDirectory)!;
        var fashion = ReadYaml(Path.Combine(experiment, "datasets", FashionId, "meta.yaml"));
        Assert.Equal(["digest", "name", "profile", "schema", "source", "source_type"], fashion.Keys);
        Assert.Equal(["0123456789abcdef", "fashion-mnist", Profile, Schema, "{\"uri\": \"/data/fashion-mnist\"}", "local"], fashion.Values.Select(v => ((YamlScalarNode)v).Value));
        var synthetic = ReadYaml(Path.Combine(experiment, "datasets", SyntheticId, "meta.yaml"));
        Assert.Equal("12345678", Scalar(synthetic, "digest"));
        Assert.Null(Scalar(synthetic, "schema"));
        Assert.Null(Scalar(synthetic, "profile"));
        // PyYAML would read a plain 12345678 as an int: the digest must be quoted to stay a string.
        Assert.Contains("digest: '12345678'\n", File.ReadAllText(Path.Combine(experiment, "datasets", SyntheticId, "meta.yaml")), StringComparison.Ordinal);

        var input = ReadYaml(Path.Combine(run.RunDirectory, "inputs", Md5(FashionId + run.RunId), "meta.yaml"));
        Assert.Equal(["destination_id", "destination_type", "source_id", "source_type", "tags"], input.Keys);
        Assert.Equal([run.RunId, "RUN", FashionId, "DATASET"], input.Values.Take(4).Select(v => ((YamlScalarNode)v).Value));
        var tags = (YamlMappingNode)input["tags"];
        Assert.Equal("training", ((YamlScalarNode)Assert.Single(tags.Children).Value).Value);
        Assert.Equal("mlflow.data.context", ((YamlScalarNode)tags.Children.Single().Key).Value);
        var evaluation = ReadYaml(Path.Combine(run.RunDirectory, "inputs", Md5(SyntheticId + run.RunId), "meta.yaml"));
        Assert.Equal("evaluation", ((YamlScalarNode)((YamlMappingNode)evaluation["tags"])["mlflow.data.context"]).Value);
        Assert.Equal(2, Directory.GetDirectories(Path.Combine(run.RunDirectory, "inputs")).Length);
        // The experiment's datasets folder is not a run.
        Assert.Equal(run.RunId, Assert.Single(store.ListRuns("exp", runningOnly: false)).RunId);
    }

    [Fact]
    public void TheSameNameAndDigestAgainKeepsTheFirstContextAndAnotherRunSeesTheFirstStoredDataSet()
    {
        var store = new LocalFileStore(this.folder.Combine("mlruns"));
        var first = store.StartLocalRun("exp", "first");
        first.LogInputs([Fashion]);
        first.LogInputs([Fashion with { Context = DatasetInput.Evaluation }]);
        first.LogInputs([Fashion with { Digest = "fedcba9876543210" }]);
        first.End(RunStatus.Finished);
        var second = store.StartLocalRun("exp", "second");
        second.LogInputs([Fashion with { Source = "{\"uri\": \"/elsewhere\"}", Profile = "{\"num_rows\": 1}" }]);
        second.End(RunStatus.Finished);

        var experiment = Path.GetDirectoryName(first.RunDirectory)!;
        Assert.Equal(2, Directory.GetDirectories(Path.Combine(first.RunDirectory, "inputs")).Length);
        var kept = ReadYaml(Path.Combine(first.RunDirectory, "inputs", Md5(FashionId + first.RunId), "meta.yaml"));
        Assert.Equal("training", ((YamlScalarNode)((YamlMappingNode)kept["tags"])["mlflow.data.context"]).Value);
        Assert.Equal(2, Directory.GetDirectories(Path.Combine(experiment, "datasets")).Length);
        var stored = ReadYaml(Path.Combine(experiment, "datasets", FashionId, "meta.yaml"));
        Assert.Equal("{\"uri\": \"/data/fashion-mnist\"}", Scalar(stored, "source"));
        Assert.Equal(Profile, Scalar(stored, "profile"));
        Assert.True(File.Exists(Path.Combine(second.RunDirectory, "inputs", Md5(FashionId + second.RunId), "meta.yaml")));
    }

    [Fact]
    public void AnInputWithoutNameOrDigestOrWithADigestTooLongForMlflowIsSkippedWithAWarning()
    {
        var store = new LocalFileStore(this.folder.Combine("mlruns"));
        var run = store.StartLocalRun("exp", "bad");
        run.LogInputs([Fashion with { Digest = "" }, Fashion with { Name = "" }, Fashion with { Digest = new string('a', 37) }, Synthetic]);
        run.End(RunStatus.Finished);

        Assert.Single(Directory.GetDirectories(Path.Combine(run.RunDirectory, "inputs")));
        var warnings = run.Warnings.Where(w => w.Contains("was not logged: a data set input needs a name and a digest of 1 to 36 characters", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, warnings.Count);
        Assert.Contains(warnings, w => w.Contains($"(digest '{new string('a', 37)}')", StringComparison.Ordinal));
    }

    [Fact]
    public void ASourceWithCredentialsIsStoredMasked()
    {
        var store = new LocalFileStore(this.folder.Combine("mlruns"));
        var run = store.StartLocalRun("exp", "secret");
        run.LogInputs([Fashion with { SourceType = "http", Source = "{\"url\": \"https://user:hunter2@example.com/fm.tgz\"}" }]);
        run.End(RunStatus.Finished);

        var meta = File.ReadAllText(Path.Combine(Path.GetDirectoryName(run.RunDirectory)!, "datasets", FashionId, "meta.yaml"));
        Assert.DoesNotContain("hunter2", meta, StringComparison.Ordinal);
        Assert.Contains("example.com/fm.tgz", meta, StringComparison.Ordinal);
    }

    private static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));

    private static string? Scalar(Dictionary<string, YamlNode> mapping, string key)
    {
        var node = (YamlScalarNode)mapping[key];
        return node.Style == YamlDotNet.Core.ScalarStyle.Plain && node.Value == "null" ? null : node.Value;
    }

    private static Dictionary<string, YamlNode> ReadYaml(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            stream.Load(reader);
        }

        return ((YamlMappingNode)stream.Documents[0].RootNode).Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => e.Value);
    }
}
