using Microsoft.Extensions.Logging;
using SimLap.Contracts.Data;
using SimLap.Engine.Experiments;
using SimLap.Engine.Training;
using SimLap.Tracking;

namespace SimLap.Engine.Running;

/// <summary>
/// The data sets a run used, as MLflow run inputs: the training data set (context <c>training</c>) and each data set
/// an evaluator names in its own <c>data:</c> (context <c>evaluation</c>). A data set already listed (same name and
/// digest: the training set, or one that two evaluators share) is listed once. Each is described by its
/// <see cref="IDatasetDescription"/>, or, for a data set without one, by its component options (a digest of the
/// settings only).
/// </summary>
public static class RunInputs
{
    /// <summary>The inputs of a run of <paramref name="experiment"/> whose data <paramref name="pipeline"/> loaded.</summary>
    /// <exception cref="IOException">A file of a data set cannot be read for its digest.</exception>
    public static IReadOnlyList<DatasetInput> For(ResolvedExperiment experiment, Pipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(pipeline);
        var splits = new List<(string, long)> { ("train", pipeline.Train.Count), ("test", pipeline.Test.Count) };
        if (pipeline.Reference is { } reference)
        {
            splits.Add(("labelled_reference", reference.Count));
        }

        var inputs = new List<DatasetInput> { Input(experiment, "data", pipeline.Dataset, splits, pipeline.Train.Labels is not null, DatasetInput.Training) };
        foreach (var evaluator in pipeline.Evaluators)
        {
            if (evaluator.Transfer is not { } transfer)
            {
                continue;
            }

            var input = Input(experiment, evaluator.Section + ".data", transfer.Dataset, [("train", transfer.Train.Count), ("test", transfer.Test.Count)], transfer.Train.Labels is not null, DatasetInput.Evaluation);
            if (!inputs.Any(i => i.Name == input.Name && i.Digest == input.Digest))
            {
                inputs.Add(input);
            }
        }

        return inputs;
    }

    /// <summary>Logs the inputs to <paramref name="run"/>; a data set whose files cannot be read is not logged (a warning says why), the run goes on.</summary>
    public static void Log(IRunTracker run, ResolvedExperiment experiment, Pipeline pipeline, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        if (run is not IRunInputs target)
        {
            return;
        }

        try
        {
            target.LogInputs(For(experiment, pipeline));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("The run's data sets were not logged as run inputs: {Error}", e.Message);
        }
    }

    /// <summary>The description a data set declares, else one from its options (the YAML section <paramref name="section"/>).</summary>
    public static DatasetDescription Describe(IDataset dataset, ResolvedExperiment experiment, string section)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(experiment);
        if (dataset is IDatasetDescription described)
        {
            return described.Describe();
        }

        var prefix = section + ".";
        var settings = experiment.ToParams().Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(p => p.Key[prefix.Length..], p => p.Value, StringComparer.Ordinal);
        return new DatasetDescription(dataset.Info.Name, "code", settings.GetValueOrDefault("type") ?? dataset.Info.Name) { Settings = settings };
    }

    private static DatasetInput Input(ResolvedExperiment experiment, string section, IDataset dataset, IReadOnlyList<(string, long)> splits, bool labelled, string context)
    {
        var description = Describe(dataset, experiment, section);
        return new DatasetInput(
            description.Name,
            DatasetDigestCache.ForUser().Digest(description),
            description.SourceType,
            DatasetInputJson.Source(description),
            DatasetInputJson.Schema(dataset.Info, labelled),
            DatasetInputJson.Profile(splits, dataset.Info.NumClasses),
            context);
    }
}
