using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using SimLap.Contracts.Components;
using SimLap.Engine.Experiments;
using SimLap.Engine.Training;
using SimLap.Tracking;

namespace SimLap.Engine.Models;

/// <summary>
/// At the end of a successful training run, logs the trained encoder as an MLflow 3 logged model of the run: created
/// PENDING (name, type <see cref="ModelType"/>, params, tags), its files uploaded (weights as safetensors and TorchSharp,
/// <c>MLmodel</c>, the model card <c>README.md</c>), recorded as an output of the run, the final evaluation's points
/// linked to it, then finalized READY. When a step fails after the model was created it is finalized FAILED and the
/// error is rethrown, so the run ends FAILED too: the stored state agrees with the exit code.
/// </summary>
/// <param name="logger">Where a store without logged models is reported.</param>
public sealed class EncoderModelLogger(ILogger logger)
{
    /// <summary>The <c>model_type</c> of the models simlap logs.</summary>
    public const string ModelType = "simlap-encoder";

    /// <summary>The run tag naming the logged model.</summary>
    public const string ModelIdTag = "simlap.model_id";

    /// <summary>Logs the encoder of <paramref name="pipeline"/>; returns the model, or null when the store keeps none.</summary>
    public StoredLoggedModel? Log(IRunTracker run, Pipeline pipeline, ResolvedExperiment experiment, TrainingResult result, EvaluationCapture evaluation, string workDirectory)
    {
        if ((run as ILoggedModelRun)?.LoggedModels is not { } store)
        {
            logger.LogWarning("Run {RunId}: the trained encoder is not logged as a model ({Location} cannot take one now); its checkpoint has it.", run.RunId, run.Location);
            return null;
        }

        // The linked points must be stored for the run before they are linked (a server deduplicates them then).
        run.Flush();
        var parts = EncoderPart.Of(pipeline);
        if (store.Create(Spec(experiment, pipeline, parts)) is not { } model)
        {
            logger.LogWarning("Run {RunId}: {Location} keeps no logged models (an MLflow server before 3.0); the trained encoder is in the run's checkpoint.", run.RunId, run.Location);
            return null;
        }

        try
        {
            var folder = Directory.CreateDirectory(Path.Combine(workDirectory, "model")).FullName;
            var files = ModelFiles.WriteWeights(folder, parts);
            var card = new ModelCard(experiment, run.RunId, pipeline.Dataset.Info, pipeline.Backbone.FeatureDim, files, result.Evaluation);
            File.WriteAllText(Path.Combine(folder, "README.md"), card.ToMarkdown());
            File.WriteAllText(Path.Combine(folder, "MLmodel"), MlModel(model, files, pipeline.Backbone.FeatureDim));
            store.UploadArtifacts(model, folder);
            store.LogOutput(model, result.Steps);
            store.LinkMetrics(model, AsStored(run, evaluation.At(result.Steps)));
            store.Finalize(model, ready: true);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            MarkFailed(store, model, e);
            throw new TrackingStoreException($"logging the trained encoder as model {model.ModelId} failed: {e.Message}", null, e);
        }

        run.SetTag(ModelIdTag, model.ModelId);
        return model;
    }

    /// <summary>
    /// The points to link as the run stores them. A resumed run that replayed its final evaluation skipped those points
    /// (the killed process had stored them): their stored timestamp and value are linked, never a second point.
    /// </summary>
    private static List<LinkedMetric> AsStored(IRunTracker run, IReadOnlyList<LinkedMetric> points) =>
        points.Select(p => (run as IResumedRun)?.SkippedPoint(p.Key, p.Step) is { } stored ? p with { Value = stored.Value, Timestamp = stored.Timestamp } : p).ToList();

    /// <summary>A logged model's name from an experiment's: MLflow refuses '/', ':', '.', '%' and quotes in it.</summary>
    public static string ModelName(string experimentName)
    {
        var name = new string(experimentName.Select(c => c is '/' or ':' or '.' or '%' or '"' or '\'' ? '-' : c).ToArray()).Trim();
        return (name.Length == 0 ? "simlap" : name) + "-encoder";
    }

    private static LoggedModelSpec Spec(ResolvedExperiment experiment, Pipeline pipeline, IReadOnlyList<EncoderPart> parts)
    {
        var input = pipeline.Dataset.Info;
        var invariant = CultureInfo.InvariantCulture;
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["feature_dim"] = pipeline.Backbone.FeatureDim.ToString(invariant),
            ["input_channels"] = input.Channels.ToString(invariant),
            ["input_height"] = input.Height.ToString(invariant),
            ["input_width"] = input.Width.ToString(invariant),
            ["parameters"] = parts.Sum(p => p.ParameterCount).ToString(invariant),
            ["seed"] = experiment.Options.Seed.ToString(invariant),
        };
        foreach (var part in parts)
        {
            parameters[part.Name] = experiment[part.Kind].Descriptor.Name;
        }

        var tags = new Dictionary<string, string>(StringComparer.Ordinal) { ["simlap.experiment"] = experiment.Options.Name };
        foreach (var kind in new[] { ComponentKind.Backbone, ComponentKind.Projector, ComponentKind.SubspaceHead, ComponentKind.Loss })
        {
            var c = experiment[kind];
            tags[$"simlap.component.{c.Section}"] = $"{c.Descriptor.Name} ({c.Descriptor.Plugin.Name} {c.Descriptor.Plugin.Version})";
        }

        return new LoggedModelSpec(ModelName(experiment.Options.Name), ModelType, parameters, tags);
    }

    /// <summary>MLflow's MLmodel file: the model and run ids, and a <c>simlap</c> flavor naming the weights files.</summary>
    private static string MlModel(StoredLoggedModel model, IReadOnlyList<PartTensors> files, long featureDim)
    {
        var yaml = new StringBuilder("artifact_path: model\nflavors:\n  simlap:\n");
        yaml.Append(CultureInfo.InvariantCulture, $"    feature_dim: {featureDim}\n");
        foreach (var file in files)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"    {file.Part.Name}: {file.SafetensorsPath}\n    {file.Part.Name}_torchsharp: {file.TorchSharpPath}\n");
        }

        yaml.Append("model_id: ").Append(MlflowYaml.Scalar(model.ModelId)).Append('\n')
            .Append("run_id: ").Append(MlflowYaml.Scalar(model.SourceRunId)).Append('\n')
            .Append("utc_time_created: ").Append(MlflowYaml.Quoted(DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture))).Append('\n');
        return yaml.ToString();
    }

    private void MarkFailed(ILoggedModelStore store, StoredLoggedModel model, Exception error)
    {
        try
        {
            store.Finalize(model, ready: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or HttpRequestException or SimLap.Tracking.Rest.MlflowApiException)
        {
            logger.LogWarning("Model {ModelId} could not be marked FAILED after {Error}: {FinalizeError}", model.ModelId, error.Message, e.Message);
        }
    }
}
