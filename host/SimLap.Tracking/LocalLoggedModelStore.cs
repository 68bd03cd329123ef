using System.Globalization;
using System.Text;

namespace SimLap.Tracking;

/// <summary>
/// Logged models in MLflow's own file-store layout, so <c>MlflowClient</c> reads them:
/// <c>&lt;experiment&gt;/models/&lt;model_id&gt;/</c> with <c>meta.yaml</c> (the fields of MLflow's <c>LoggedModel</c>,
/// params as a mapping, plus <c>lifecycle_stage</c>), <c>params/</c>, <c>tags/</c>, <c>metrics/&lt;key&gt;</c> (lines
/// <c>timestamp value step run_id [dataset_name dataset_digest]</c>) and <c>artifacts/</c>; and the run's
/// <c>outputs/&lt;model_id&gt;/meta.yaml</c>. Writes are atomic; a failed write is a <see cref="TrackingStoreException"/>
/// naming the file.
/// </summary>
/// <param name="runDirectory">The run's folder, <c>&lt;root&gt;/&lt;experiment_id&gt;/&lt;run_id&gt;</c>.</param>
/// <param name="experimentId">The run's experiment.</param>
/// <param name="runId">The run.</param>
public sealed class LocalLoggedModelStore(string runDirectory, string experimentId, string runId) : ILoggedModelStore
{
    /// <summary>The folder of an experiment's logged models.</summary>
    public const string ModelsFolder = "models";

    /// <summary>The folder of a run's outputs.</summary>
    public const string OutputsFolder = "outputs";

    private readonly Dictionary<string, (LoggedModelSpec Spec, long Created)> created = new(StringComparer.Ordinal);

    /// <summary>The folder of model <paramref name="modelId"/>.</summary>
    public string ModelDirectory(string modelId) => Path.Combine(Path.GetDirectoryName(runDirectory)!, ModelsFolder, modelId);

    /// <inheritdoc />
    public StoredLoggedModel? Create(LoggedModelSpec spec)
    {
        var modelId = "m-" + Guid.NewGuid().ToString("N");
        var folder = ModelDirectory(modelId);
        var model = new StoredLoggedModel(modelId, experimentId, runId, FileUris.FromPath(Path.Combine(folder, "artifacts")));
        var now = LocalFileStore.NowMillis();
        created[modelId] = (spec, now);
        Write(() =>
        {
            Directory.CreateDirectory(Path.Combine(folder, "metrics"));
            foreach (var (kind, values) in new[] { ("params", spec.Params), ("tags", spec.Tags) })
            {
                foreach (var (key, value) in values)
                {
                    // A key with '/' is a nested path, as in MLflow's file store.
                    var path = Path.Combine(folder, kind, key);
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    LocalFileStore.WriteFileAtomic(path, value);
                }
            }

            WriteMeta(model, "PENDING", now);
        }, folder);
        return model;
    }

    /// <inheritdoc />
    public void LinkMetrics(StoredLoggedModel model, IReadOnlyList<LinkedMetric> points)
    {
        // Only the model's copy: the run's metric files already hold these points (MLflow's log_batch would write both).
        foreach (var group in points.GroupBy(p => p.Key, StringComparer.Ordinal))
        {
            var path = Path.Combine(ModelDirectory(model.ModelId), "metrics", group.Key);
            var lines = new StringBuilder();
            foreach (var p in group)
            {
                lines.Append(CultureInfo.InvariantCulture, $"{p.Timestamp} {LocalFileRun.FormatMetricValue(p.Value)} {p.Step} {runId}");
                lines.Append(p.DatasetName is not null && p.DatasetDigest is not null ? $" {p.DatasetName} {p.DatasetDigest}\n" : "\n");
            }

            Write(
                () =>
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    File.AppendAllText(path, lines.ToString());
                },
                path);
        }
    }

    /// <inheritdoc />
    public void UploadArtifacts(StoredLoggedModel model, string localFolder)
    {
        var target = FileUris.ToPath(model.ArtifactUri);
        foreach (var file in Directory.EnumerateFiles(localFolder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(localFolder, file));
            Write(() =>
            {
                StoreFaults.Hit(StoreFaults.Model);
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                LocalFileStore.WriteFileAtomic(destination, File.ReadAllBytes(file));
            }, destination);
        }
    }

    /// <inheritdoc />
    public void LogOutput(StoredLoggedModel model, long step)
    {
        // MLflow's _FileStoreOutput: destination_id is what its reader takes as the model id (it writes source_id there too).
        var folder = Path.Combine(runDirectory, OutputsFolder, model.ModelId);
        var meta = $"destination_id: {model.ModelId}\ndestination_type: MODEL_OUTPUT\nsource_id: {model.ModelId}\nsource_type: RUN_OUTPUT\nstep: {step.ToString(CultureInfo.InvariantCulture)}\ntags: {{}}\n";
        Write(() => LocalFileStore.WriteFileAtomic(Path.Combine(Directory.CreateDirectory(folder).FullName, LocalFileStore.MetaFileName), meta), folder);
    }

    /// <inheritdoc />
    public void Finalize(StoredLoggedModel model, bool ready) => Write(() => WriteMeta(model, ready ? "READY" : "FAILED", LocalFileStore.NowMillis()), ModelDirectory(model.ModelId));

    /// <summary>meta.yaml as MLflow's FileStore writes it: <c>LoggedModel.to_dictionary()</c> less tags and metrics, plus lifecycle_stage.</summary>
    private void WriteMeta(StoredLoggedModel model, string status, long updated)
    {
        var (spec, creation) = created[model.ModelId];
        var yaml = new StringBuilder()
            .Append("artifact_location: ").Append(MlflowYaml.Scalar(model.ArtifactUri)).Append('\n')
            .Append(CultureInfo.InvariantCulture, $"creation_timestamp: {creation}\n")
            .Append("experiment_id: ").Append(MlflowYaml.Quoted(model.ExperimentId)).Append('\n')
            .Append(CultureInfo.InvariantCulture, $"last_updated_timestamp: {updated}\n")
            .Append("lifecycle_stage: active\n")
            .Append("model_id: ").Append(MlflowYaml.Scalar(model.ModelId)).Append('\n')
            .Append("model_type: ").Append(MlflowYaml.Scalar(spec.ModelType)).Append('\n')
            .Append("name: ").Append(MlflowYaml.Scalar(spec.Name)).Append('\n')
            .Append(spec.Params.Count == 0 ? "params: {}\n" : "params:\n");
        foreach (var (key, value) in spec.Params.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            yaml.Append("  ").Append(MlflowYaml.Scalar(key)).Append(": ").Append(MlflowYaml.Scalar(value)).Append('\n');
        }

        yaml.Append("source_run_id: ").Append(MlflowYaml.Scalar(model.SourceRunId)).Append('\n')
            .Append("status: ").Append(status).Append('\n')
            .Append("status_message: null\n");
        LocalFileStore.WriteFileAtomic(Path.Combine(ModelDirectory(model.ModelId), LocalFileStore.MetaFileName), yaml.ToString());
    }

    private static void Write(Action write, string path)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TrackingStoreException($"Cannot write the logged model's file '{path}': {e.Message}", path, e);
        }
    }
}
