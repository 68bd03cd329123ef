using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace SimLap.Host.Tests;

/// <summary><c>simlap run</c> on a tiny quickstart, then the MLflow file store it wrote, read back from disk.</summary>
public sealed class RunEndToEndTests
{
    [Fact]
    public void RunTrainsEvaluatesAndWritesAnMlflowFileStore()
    {
        using var workspace = new TestWorkspace();
        var experiment = workspace.WriteTinyExperiment();

        var result = CliRunner.Run(workspace.Path, "run", experiment);

        CliAssert.ExitCode(result, 0);
        CliAssert.NoError(result);
        CliAssert.NoStackTrace(result);
        var runId = Regex.Match(result.StandardOutput, @"run id\s+([0-9a-f]{32})\b");
        Assert.True(runId.Success, $"No 32-hex run id on stdout.{Environment.NewLine}{result}");
        var finalLoss = Regex.Match(result.StandardOutput, @"final loss \(mean of the last epoch\)\s+(-?[0-9]+\.[0-9]{4})\b");
        Assert.True(finalLoss.Success, $"No 'final loss' on stdout.{Environment.NewLine}{result}");
        var top1 = Regex.Match(result.StandardOutput, @"eval/knn/top1\s+([0-9]+\.[0-9]{2})\b");
        Assert.True(top1.Success, $"No 'eval/knn/top1' on stdout.{Environment.NewLine}{result}");
        var printedSteps = Regex.Match(result.StandardOutput, @"(?m)^steps +([0-9]+)$");
        Assert.True(printedSteps.Success, $"No 'steps' on stdout.{Environment.NewLine}{result}");

        // The experiment: the Default one MLflow creates with a new store, plus exactly one named 'quickstart'.
        var store = new MlrunsStore(workspace.MlrunsPath);
        Assert.True(store.Exists, $"No ./mlruns in the working directory.{Environment.NewLine}{result}");
        var experiments = store.ExperimentFolders();
        var defaultFolder = Assert.Single(experiments, e => Path.GetFileName(e) == "0");
        Assert.Equal("Default", MlrunsStore.ReadMeta(Path.Combine(defaultFolder, "meta.yaml"))["name"]);
        var experimentFolder = Assert.Single(experiments, e => Path.GetFileName(e) != "0");
        var experimentId = Path.GetFileName(experimentFolder);
        Assert.Matches("^[0-9]+$", experimentId);
        var experimentMetaText = File.ReadAllText(Path.Combine(experimentFolder, "meta.yaml"));
        Assert.Matches(new Regex("(?m)^name: quickstart$"), experimentMetaText);
        Assert.Matches(new Regex($"(?m)^experiment_id: '{experimentId}'$"), experimentMetaText);
        Assert.Matches(new Regex("(?m)^lifecycle_stage: active$"), experimentMetaText);

        // The run: FINISHED, with the printed id, a start and an end time.
        var runFolder = Assert.Single(MlrunsStore.RunFoldersOf(experimentFolder));

        // The experiment opens in MLflow 3's "Model training" view, not its GenAI view.
        Assert.Equal("custom_model_development", File.ReadAllText(Path.Combine(experimentFolder, "tags", "mlflow.experimentKind")));
        Assert.Equal(runId.Groups[1].Value, Path.GetFileName(runFolder));
        var meta = MlrunsStore.ReadMeta(Path.Combine(runFolder, "meta.yaml"));
        var metaText = File.ReadAllText(Path.Combine(runFolder, "meta.yaml"));
        Assert.Equal("3", meta["status"]);
        Assert.Equal(runId.Groups[1].Value, meta["run_id"]);
        Assert.Equal(runId.Groups[1].Value, meta["run_uuid"]);
        Assert.Matches(new Regex($"(?m)^experiment_id: '{experimentId}'$"), metaText);
        // Nothing differs from the file: the experiment's name with an MLflow-style random suffix.
        Assert.Matches("^quickstart [a-z]+-[a-z]+-[0-9]{3}$", meta["run_name"]);
        Assert.Matches(new Regex("(?m)^end_time: [0-9]+$"), metaText);
        var start = long.Parse(meta["start_time"]!, CultureInfo.InvariantCulture);
        var end = long.Parse(meta["end_time"]!, CultureInfo.InvariantCulture);
        Assert.InRange(end, start, start + (long)TimeSpan.FromMinutes(5).TotalMilliseconds);
        foreach (var folder in new[] { "metrics", "params", "artifacts", "tags" })
        {
            Assert.True(Directory.Exists(Path.Combine(runFolder, folder)), $"The run has no {folder}/ folder.");
        }

        // Params: raw values, no trailing newline.
        Assert.Equal("16", MlrunsStore.ReadValue(runFolder, "params", "train.batch_size"));
        Assert.Equal("0.1", MlrunsStore.ReadValue(runFolder, "params", "loss.temperature"));
        Assert.Equal("1", MlrunsStore.ReadValue(runFolder, "params", "train.epochs"));
        Assert.Equal("16", MlrunsStore.ReadValue(runFolder, "params", "data.image_size"));
        Assert.Equal("[8, 16]", MlrunsStore.ReadValue(runFolder, "params", "backbone.widths"));
        Assert.Equal("simlap-gate", MlrunsStore.ReadValue(runFolder, "params", "head.type"));
        Assert.Equal("5", MlrunsStore.ReadValue(runFolder, "params", "eval.0.k"));

        // Tags.
        Assert.Equal(meta["run_name"], MlrunsStore.ReadValue(runFolder, "tags", "mlflow.runName"));

        // train/loss: one finite point per step 0..N-1 (64 images / batch 16 = 4 steps), timed within the run.
        var expectedSteps = TestWorkspace.TinyTrainImages / TestWorkspace.TinyBatchSize;
        Assert.Equal(expectedSteps.ToString(CultureInfo.InvariantCulture), printedSteps.Groups[1].Value);
        var loss = MlrunsStore.ReadMetric(runFolder, "train/loss");
        Assert.Equal(Enumerable.Range(0, expectedSteps).Select(s => (long)s), loss.Select(p => p.Step));
        Assert.All(loss, p =>
        {
            Assert.True(double.IsFinite(p.Value), $"train/loss at step {p.Step} is {p.Value}.");
            Assert.InRange(p.Timestamp, start, end);
        });

        // The printed final loss is the epoch's mean loss, as logged.
        var epochLoss = Assert.Single(MlrunsStore.ReadMetric(runFolder, "train/epoch_loss"));
        Assert.Equal(loss.Average(p => p.Value), epochLoss.Value, 6);
        Assert.Equal(epochLoss.Value.ToString("F4", CultureInfo.InvariantCulture), finalLoss.Groups[1].Value);

        // eval/knn/top1: one percentage, the one printed.
        var knn = Assert.Single(MlrunsStore.ReadMetric(runFolder, "eval/knn/top1"));
        Assert.InRange(knn.Value, 0.0, 100.0);
        Assert.Equal(knn.Value.ToString("F2", CultureInfo.InvariantCulture), top1.Groups[1].Value);

        // The resolved configuration, as an artifact that parses as YAML.
        var resolvedText = File.ReadAllText(Path.Combine(runFolder, "artifacts", "resolved.yaml"));
        Assert.Contains("batch_size: 16", resolvedText, StringComparison.Ordinal);
        var resolved = Assert.IsType<YamlMappingNode>(MlrunsStore.ParseYaml(resolvedText));
        var train = Assert.IsType<YamlMappingNode>(resolved.Children[new YamlScalarNode("train")]);
        Assert.Equal("16", ((YamlScalarNode)train.Children[new YamlScalarNode("batch_size")]).Value);
        var head = Assert.IsType<YamlMappingNode>(resolved.Children[new YamlScalarNode("head")]);
        Assert.Equal("simlap-gate", ((YamlScalarNode)head.Children[new YamlScalarNode("type")]).Value);
        Assert.Equal("16", ((YamlScalarNode)head.Children[new YamlScalarNode("embed")]).Value);
    }
}
