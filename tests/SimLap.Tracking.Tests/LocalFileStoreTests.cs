using System.Globalization;
using System.Text.RegularExpressions;
using SimLap.Tracking;

namespace SimLap.Tracking.Tests;

public sealed class LocalFileStoreTests : IDisposable
{
    private static readonly Dictionary<string, string> NoTags = [];
    private readonly TrackingTestFolder folder = new();

    public void Dispose() => this.folder.Dispose();

    [Fact]
    public void ResumedRunSkipsTheStepsItAlreadyHasAndCutsATornLastLine()
    {
        var store = new LocalFileStore(this.folder.Combine("mlruns"));
        var first = store.StartLocalRun("exp", "resumed", NoTags);
        for (var i = 0; i < 8; i++)
        {
            first.LogMetric("train/loss", i / 10.0, i);
        }

        first.Flush();
        var path = Path.Combine(first.RunDirectory, "metrics", "train", "loss");

        // A kill -9 (or a full disk) in the middle of an append: half a line at the end.
        File.AppendAllText(path, "1796000000000 0.");
        var resumed = (LocalFileRun)store.ResumeRun(first.RunId)!;
        Assert.Equal(1, resumed.SkipLoggedSteps());
        for (var i = 5; i < 12; i++)
        {
            resumed.LogMetric("train/loss", i / 10.0, i);
        }

        resumed.End(RunStatus.Finished);

        var steps = File.ReadAllLines(path).Select(l => long.Parse(l.Split(' ')[2], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (long)i), steps);
        Assert.Equal(3, resumed.SkippedPoints);
    }

    [Fact]
    public void NewStoreCreatesTrashAndDefaultExperiment()
    {
        var store = new LocalFileStore(this.folder.Combine("mlruns"));

        Assert.True(Directory.Exists(this.folder.Combine("mlruns", ".trash")));
        var meta = ReadMeta(this.folder.Combine("mlruns", "0", "meta.yaml"));
        Assert.Equal("Default", meta["name"]);
        Assert.Equal("'0'", meta["experiment_id"]);
        Assert.Equal("0", store.GetOrCreateExperiment("Default"));
        Assert.Equal("0", store.GetOrCreateExperiment(null));
    }

    [Fact]
    public void FullRunWritesMlflowFileStoreLayout()
    {
        var root = this.folder.Combine("mlruns");
        var store = new LocalFileStore(root);
        var artifactSource = this.folder.Combine("model.txt");
        File.WriteAllText(artifactSource, "weights");

        string runId, experimentId, runDir;
        using (var run = store.StartLocalRun("my experiment", "run: one", new Dictionary<string, string> { ["team"] = "vision" }))
        {
            runId = run.RunId;
            experimentId = run.ExperimentId;
            runDir = run.Location;
            run.LogParam("lr", "0.001");
            run.LogParam("batch_size", "256");
            run.LogMetric("loss", 1.5, 0);
            run.LogMetric("loss", 0.1, 1);
            run.LogMetric("loss", double.NaN, 2);
            run.LogMetric("loss", double.PositiveInfinity, 3);
            run.LogMetric("loss", double.NegativeInfinity, 4);
            run.LogMetric("loss", 1e-300, 5);
            run.LogMetric("eval/knn/top1", 0.75, 10);
            run.SetTag("phase", "pretrain");
            run.SetTag("phase", "finetune");
            run.LogArtifact(artifactSource, "checkpoints/best");
            run.LogArtifact(artifactSource);
            run.End(RunStatus.Finished);
            Assert.Equal(RunStatus.Finished, run.FinalStatus);
            Assert.Empty(run.Warnings);
        }

        Assert.Matches("^[0-9a-f]{32}$", runId);
        Assert.Matches("^[1-9][0-9]{17}$", experimentId);
        Assert.Equal(Path.Combine(root, experimentId, runId), runDir);

        // Experiment meta.yaml: exactly MLflow's keys, in order.
        var expMetaText = File.ReadAllText(Path.Combine(root, experimentId, "meta.yaml"));
        var expMeta = ReadMeta(Path.Combine(root, experimentId, "meta.yaml"));
        Assert.Equal(
            ["artifact_location", "creation_time", "experiment_id", "last_update_time", "lifecycle_stage", "name"],
            expMeta.Keys.ToArray());
        Assert.Equal("file://" + Path.Combine(root, experimentId), expMeta["artifact_location"]);
        Assert.Matches("^[0-9]{13}$", expMeta["creation_time"]);
        Assert.Equal(expMeta["creation_time"], expMeta["last_update_time"]);
        Assert.Equal($"'{experimentId}'", expMeta["experiment_id"]);
        Assert.Equal("active", expMeta["lifecycle_stage"]);
        Assert.Equal("my experiment", expMeta["name"]);
        Assert.EndsWith("\n", expMetaText, StringComparison.Ordinal);

        // Run meta.yaml.
        var meta = ReadMeta(Path.Combine(runDir, "meta.yaml"));
        Assert.Equal(
            [
                "artifact_uri", "end_time", "entry_point_name", "experiment_id", "lifecycle_stage", "run_id", "run_name",
                "run_uuid", "source_name", "source_type", "source_version", "start_time", "status", "tags", "user_id",
            ],
            meta.Keys.ToArray());
        Assert.Equal("file://" + Path.Combine(runDir, "artifacts"), meta["artifact_uri"]);
        Assert.Matches("^[0-9]{13}$", meta["end_time"]);
        Assert.Matches("^[0-9]{13}$", meta["start_time"]);
        Assert.True(long.Parse(meta["end_time"], CultureInfo.InvariantCulture) >= long.Parse(meta["start_time"], CultureInfo.InvariantCulture));
        Assert.Equal("''", meta["entry_point_name"]);
        Assert.Equal($"'{experimentId}'", meta["experiment_id"]);
        Assert.Equal("active", meta["lifecycle_stage"]);
        Assert.True(meta["run_id"] == runId || meta["run_id"] == $"'{runId}'");
        Assert.Equal(meta["run_id"], meta["run_uuid"]);
        Assert.Equal("'run: one'", meta["run_name"]);
        Assert.Equal("''", meta["source_name"]);
        Assert.Equal("4", meta["source_type"]);
        Assert.Equal("''", meta["source_version"]);
        Assert.Equal("3", meta["status"]);
        Assert.Equal("[]", meta["tags"]);
        Assert.Equal(MlflowYaml.Scalar(Environment.UserName), meta["user_id"]);

        // The YAML reads back as the right values.
        var parsed = MlflowYaml.ReadMapping(Path.Combine(runDir, "meta.yaml"));
        Assert.Equal("run: one", parsed["run_name"]);
        Assert.Equal(experimentId, parsed["experiment_id"]);
        Assert.Equal(runId, parsed["run_id"]);

        foreach (var folder in new[] { "metrics", "params", "artifacts", "tags" })
        {
            Assert.True(Directory.Exists(Path.Combine(runDir, folder)), folder);
        }

        // Metrics.
        var loss = ReadMetric(Path.Combine(runDir, "metrics", "loss"));
        Assert.Equal([0L, 1, 2, 3, 4, 5], loss.Select(p => p.Step));
        Assert.Equal(1.5, loss[0].Value);
        Assert.Equal(0.1, loss[1].Value);
        Assert.True(double.IsNaN(loss[2].Value));
        Assert.Equal(double.PositiveInfinity, loss[3].Value);
        Assert.Equal(double.NegativeInfinity, loss[4].Value);
        Assert.Equal(1e-300, loss[5].Value);
        var lossLines = File.ReadAllLines(Path.Combine(runDir, "metrics", "loss"));
        Assert.Equal("nan", lossLines[2].Split(' ')[1]);
        Assert.Equal("inf", lossLines[3].Split(' ')[1]);
        Assert.Equal("-inf", lossLines[4].Split(' ')[1]);
        Assert.All(loss, p => Assert.InRange(p.Timestamp, long.Parse(meta["start_time"], CultureInfo.InvariantCulture), long.Parse(meta["end_time"], CultureInfo.InvariantCulture)));
        var top1 = ReadMetric(Path.Combine(runDir, "metrics", "eval", "knn", "top1"));
        Assert.Equal((0.75, 10L), (top1.Single().Value, top1.Single().Step));

        // Params and tags: raw values, no newline.
        Assert.Equal("0.001", File.ReadAllText(Path.Combine(runDir, "params", "lr")));
        Assert.Equal("256", File.ReadAllText(Path.Combine(runDir, "params", "batch_size")));
        Assert.Equal("finetune", File.ReadAllText(Path.Combine(runDir, "tags", "phase")));
        Assert.Equal("vision", File.ReadAllText(Path.Combine(runDir, "tags", "team")));
        Assert.Equal("run: one", File.ReadAllText(Path.Combine(runDir, "tags", "mlflow.runName")));
        Assert.Equal("LOCAL", File.ReadAllText(Path.Combine(runDir, "tags", "mlflow.source.type")));
        Assert.Equal(Environment.UserName, File.ReadAllText(Path.Combine(runDir, "tags", "mlflow.user")));
        Assert.False(string.IsNullOrEmpty(File.ReadAllText(Path.Combine(runDir, "tags", "mlflow.source.name"))));

        // Artifacts.
        Assert.Equal("weights", File.ReadAllText(Path.Combine(runDir, "artifacts", "checkpoints", "best", "model.txt")));
        Assert.Equal("weights", File.ReadAllText(Path.Combine(runDir, "artifacts", "model.txt")));

        // No temp files are left behind.
        Assert.Empty(Directory.EnumerateFiles(root, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void RunningRunHasNullEndTimeAndStatusOne()
    {
        var store = new LocalFileStore(this.folder.Combine("mlruns"));
        using var run = store.StartLocalRun("exp", "r", NoTags);

        var meta = ReadMeta(Path.Combine(run.Location, "meta.yaml"));
        Assert.Equal("null", meta["end_time"]);
        Assert.Equal("1", meta["status"]);
        run.End(RunStatus.Killed);
        Assert.Equal("5", ReadMeta(Path.Combine(run.Location, "meta.yaml"))["status"]);
    }

    [Fact]
    public void FlushMakesLoggedDataVisibleBeforeEnd()
    {
        var store = new LocalFileStore(this.folder.Combine("mlruns"));
        using var run = store.StartLocalRun("exp", "r", NoTags);
        for (var step = 0; step < 1000; step++)
        {
            run.LogMetric("train/loss", 1.0 / (step + 1), step);
        }

        run.LogParam("seed", "42");
        run.Flush();

        var points = ReadMetric(Path.Combine(run.Location, "metrics", "train", "loss"));
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (long)i), points.Select(p => p.Step));
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => 1.0 / (i + 1)), points.Select(p => p.Value));
        Assert.Equal("42", File.ReadAllText(Path.Combine(run.Location, "params", "seed")));
        run.End(RunStatus.Finished);
    }

    [Fact]
    public void MetricsFromManyThreadsAreAllWritten()
    {
        var store = new LocalFileStore(this.folder.Combine("mlruns"));
        using var run = store.StartLocalRun("exp", "r", NoTags);
        Parallel.For(0, 8, thread =>
        {
            for (var step = 0; step < 200; step++)
            {
                run.LogMetric($"t{thread}", step, step);
            }
        });
        run.End(RunStatus.Finished);

        for (var thread = 0; thread < 8; thread++)
        {
            var points = ReadMetric(Path.Combine(run.Location, "metrics", $"t{thread}"));
            Assert.Equal(Enumerable.Range(0, 200).Select(i => (long)i), points.Select(p => p.Step));
        }
    }

    [Fact]
    public void SameExperimentNameTwiceGivesSameId()
    {
        var store = new LocalFileStore(this.folder.Combine("mlruns"));
        using var first = store.StartLocalRun("shared", "a", NoTags);
        using var second = new LocalFileStore(this.folder.Combine("mlruns")).StartLocalRun("shared", "b", NoTags);

        Assert.Equal(first.ExperimentId, second.ExperimentId);
        Assert.NotEqual(first.RunId, second.RunId);
        Assert.Equal(first.ExperimentId, store.FindExperimentId("shared"));
        Assert.Null(store.FindExperimentId("missing"));
        Assert.NotEqual(first.ExperimentId, store.GetOrCreateExperiment("other"));
    }

    [Fact]
    public async Task ConcurrentCreationOfOneNameGivesOneExperiment()
    {
        var root = this.folder.Combine("mlruns");
        _ = new LocalFileStore(root);
        using var start = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, 24)
            .Select(_ => Task.Run(() =>
            {
                start.Wait();
                return new LocalFileStore(root).GetOrCreateExperiment("contended");
            }))
            .ToArray();
        start.Set();
        var ids = await Task.WhenAll(tasks);

        Assert.Single(ids.Distinct());
        var named = Directory.EnumerateDirectories(root)
            .Where(d => !Path.GetFileName(d).StartsWith('.'))
            .Count(d => MlflowYaml.ReadMapping(Path.Combine(d, "meta.yaml"))["name"] == "contended");
        Assert.Equal(1, named);
    }

    [Fact]
    public async Task ExperimentCreationWaitsForALockHeldByAnotherProcess()
    {
        var root = this.folder.Combine("mlruns");
        var store = new LocalFileStore(root);
        var lockPath = Path.Combine(root, ".simlap-store.lock");
        Task<string> creating;
        using (new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            creating = Task.Run(() => store.GetOrCreateExperiment("locked"));
            await Task.Delay(300);
            Assert.False(creating.IsCompleted);
            Assert.Null(store.FindExperimentId("locked"));
        }

        var id = await creating.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(id, store.FindExperimentId("locked"));
    }

    [Fact]
    public void DisposeWithoutEndMarksRunFailed()
    {
        var store = new LocalFileStore(this.folder.Combine("mlruns"));
        string location;
        using (var run = store.StartLocalRun("exp", "crash", NoTags))
        {
            location = run.Location;
            run.LogMetric("loss", 2.0, 0);
        }

        var meta = ReadMeta(Path.Combine(location, "meta.yaml"));
        Assert.Equal("4", meta["status"]);
        Assert.Matches("^[0-9]{13}$", meta["end_time"]);
        Assert.Single(ReadMetric(Path.Combine(location, "metrics", "loss")));
    }

    [Fact]
    public void EndTwiceKeepsFirstStatusAndLoggingAfterEndIsAWarning()
    {
        var store = new LocalFileStore(this.folder.Combine("mlruns"));
        var run = store.StartLocalRun("exp", "r", NoTags);
        run.End(RunStatus.Finished);
        run.End(RunStatus.Failed);
        run.Dispose();
        run.LogMetric("late", 1, 0);
        run.Flush();

        Assert.Equal("3", ReadMeta(Path.Combine(run.Location, "meta.yaml"))["status"]);
        Assert.False(File.Exists(Path.Combine(run.Location, "metrics", "late")));
        Assert.Contains(run.Warnings, w => w.Contains("late", StringComparison.Ordinal));
        using var other = store.StartLocalRun("exp", "r2", NoTags);
        Assert.Throws<ArgumentOutOfRangeException>(() => other.End(RunStatus.Running));
    }

    [Fact]
    public void EndPreservesChangesMadeToMetaMeanwhile()
    {
        var store = new LocalFileStore(this.folder.Combine("mlruns"));
        using var run = store.StartLocalRun("exp", "old", NoTags);
        var metaPath = Path.Combine(run.Location, "meta.yaml");
        File.WriteAllText(metaPath, File.ReadAllText(metaPath).Replace("run_name: old", "run_name: renamed", StringComparison.Ordinal));

        run.End(RunStatus.Finished);

        var meta = ReadMeta(metaPath);
        Assert.Equal("renamed", meta["run_name"]);
        Assert.Equal("3", meta["status"]);
    }

    [Fact]
    public void ParamsAreImmutableFirstValueKeptWithWarning()
    {
        var store = new LocalFileStore(this.folder.Combine("mlruns"));
        using var run = store.StartLocalRun("exp", "r", NoTags);
        run.LogParam("lr", "0.1");
        run.LogParam("lr", "0.1");
        run.LogParam("lr", "0.2");
        run.End(RunStatus.Finished);

        Assert.Equal("0.1", File.ReadAllText(Path.Combine(run.Location, "params", "lr")));
        var warning = Assert.Single(run.Warnings);
        Assert.Contains("lr", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidKeysAreSanitised()
    {
        var store = new LocalFileStore(this.folder.Combine("mlruns"));
        using var run = store.StartLocalRun("exp", "r", NoTags);
        run.LogMetric("acc@1", 0.5, 0);
        run.LogMetric("../escape", 1, 0);
        run.LogParam("/abs/key", "v");
        run.SetTag("a:b", "t");
        run.End(RunStatus.Finished);

        Assert.True(File.Exists(Path.Combine(run.Location, "metrics", "acc_1")));
        Assert.True(File.Exists(Path.Combine(run.Location, "metrics", "__", "escape")));
        Assert.True(File.Exists(Path.Combine(run.Location, "params", "abs", "key")));
        Assert.True(File.Exists(Path.Combine(run.Location, "tags", "a_b")));
        Assert.Equal(4, run.Warnings.Count);
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(run.Location)!, "escape")));
    }

    [Fact]
    public void ArtifactPathTraversalStaysInArtifacts()
    {
        var store = new LocalFileStore(this.folder.Combine("mlruns"));
        var source = this.folder.Combine("a.txt");
        File.WriteAllText(source, "x");
        using var run = store.StartLocalRun("exp", "r", NoTags);
        run.LogArtifact(source, "../../outside");
        Assert.Throws<FileNotFoundException>(() => run.LogArtifact(this.folder.Combine("missing.txt")));
        run.End(RunStatus.Finished);

        Assert.True(File.Exists(Path.Combine(run.Location, "artifacts", "__", "__", "outside", "a.txt")));
    }

    [Fact]
    public void BackgroundWriteErrorsSurfaceOnFlushWithThePath()
    {
        var store = new LocalFileStore(this.folder.Combine("mlruns"));
        using var run = store.StartLocalRun("exp", "r", NoTags);
        run.LogMetric("a", 1, 0);
        run.Flush();

        // "a" is a file, so "a/b" cannot be created under it.
        run.LogMetric("a/b", 1, 0);
        var error = Assert.Throws<TrackingStoreException>(run.Flush);
        Assert.Equal(Path.Combine(run.Location, "metrics", "a", "b"), error.Path);
        Assert.Contains(error.Path!, error.Message, StringComparison.Ordinal);

        // Reported once; the run still ends.
        run.End(RunStatus.Finished);
        Assert.Equal("3", ReadMeta(Path.Combine(run.Location, "meta.yaml"))["status"]);
    }

    [Fact]
    public void RunNameTagFromCallerNamesTheRunWhenNoNameIsGiven()
    {
        var store = new LocalFileStore(this.folder.Combine("mlruns"));
        using var named = store.StartLocalRun("exp", "", new Dictionary<string, string> { ["mlflow.runName"] = "from-tag", ["mlflow.parentRunId"] = "abc" });
        using var generated = store.StartLocalRun("exp", null, null);
        named.End(RunStatus.Finished);
        generated.End(RunStatus.Finished);

        Assert.Equal("from-tag", named.RunName);
        Assert.Equal("abc", File.ReadAllText(Path.Combine(named.Location, "tags", "mlflow.parentRunId")));
        Assert.StartsWith("run-", generated.RunName, StringComparison.Ordinal);
    }

    [Fact]
    public void ExperimentNameNeedingQuotesRoundTrips()
    {
        var store = new LocalFileStore(this.folder.Combine("mlruns"));
        foreach (var name in new[] { "yes", "123", "a: b", "it's", "#hash", "line\nbreak" })
        {
            var id = store.GetOrCreateExperiment(name);
            Assert.Equal(name, MlflowYaml.ReadMapping(this.folder.Combine("mlruns", id, "meta.yaml"))["name"]);
            Assert.Equal(id, store.GetOrCreateExperiment(name));
        }
    }

    [Fact]
    public void ArtifactLocationIsAPercentEncodedFileUri()
    {
        var root = this.folder.Combine("my runs");
        var store = new LocalFileStore(root);
        var id = store.GetOrCreateExperiment("e");
        var meta = MlflowYaml.ReadMapping(Path.Combine(root, id, "meta.yaml"));
        Assert.Equal(FileUris.FromPath(Path.Combine(root, id)), meta["artifact_location"]);
        Assert.Contains("my%20runs", meta["artifact_location"], StringComparison.Ordinal);
        Assert.Equal(Path.Combine(root, id), FileUris.ToPath(meta["artifact_location"]!));
    }

    [Fact]
    public void StartRunThroughTheInterface()
    {
        ITrackingBackend backend = LocalFileStore.FromTrackingUri(FileUris.FromPath(this.folder.Combine("mlruns")));
        Assert.Equal(this.folder.Combine("mlruns"), backend.Description);
        using var run = backend.StartRun("exp", "r", NoTags);
        run.LogMetric("m", 1, 0);
        run.End(RunStatus.Finished);
        Assert.Single(ReadMetric(Path.Combine(run.Location, "metrics", "m")));
    }

    /// <summary>The raw scalar text of each top-level key, in file order.</summary>
    private static Dictionary<string, string> ReadMeta(string path)
    {
        var text = File.ReadAllText(path);
        Assert.DoesNotContain("\r", text, StringComparison.Ordinal);
        var result = new Dictionary<string, string>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            Assert.True(colon > 0, $"bad line '{line}'");
            result.Add(line[..colon], line[(colon + 2)..]);
        }

        return result;
    }

    private static List<(long Timestamp, double Value, long Step)> ReadMetric(string path)
    {
        var text = File.ReadAllText(path);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line =>
            {
                var parts = line.Split(' ');
                Assert.Equal(3, parts.Length);
                Assert.Matches(new Regex("^[0-9]{13}$"), parts[0]);
                return (long.Parse(parts[0], CultureInfo.InvariantCulture), ParsePythonFloat(parts[1]), long.Parse(parts[2], CultureInfo.InvariantCulture));
            })
            .ToList();
    }

    private static double ParsePythonFloat(string text) => text switch
    {
        "nan" => double.NaN,
        "inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };
}
