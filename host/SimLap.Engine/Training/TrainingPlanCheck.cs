using SimLap.Engine.Configuration;
using SimLap.Engine.Experiments;

namespace SimLap.Engine.Training;

/// <summary>
/// The checks of <c>train:</c> that need the loaded training data (its size and whether it is labelled), made before
/// the first step: they fail with a <see cref="ConfigurationException"/> (exit code 2). <c>simlap validate</c> does
/// not make them: a data set knows its size only once it is loaded, and validate does not load data.
/// </summary>
public static class TrainingPlanCheck
{
    /// <summary>The plan of training <paramref name="pipeline"/> as <paramref name="options"/> say, or why it cannot be trained.</summary>
    public static TrainingPlan Check(Pipeline pipeline, TrainOptions options)
    {
        var train = pipeline.Train;
        var stepsPerEpoch = StepsPerEpoch(train.Count, train.Labels is not null, pipeline.Pairs.NeedsLabels, options);
        return new TrainingPlan(options.Epochs, options.BatchSize, stepsPerEpoch, new LearningRatePlan(options, stepsPerEpoch));
    }

    /// <summary>
    /// The steps per epoch of <paramref name="images"/> training images in batches of <c>train.batch_size</c>; throws
    /// the <see cref="Problem"/> when there is one.
    /// </summary>
    public static int StepsPerEpoch(long images, bool labelled, bool needsLabels, TrainOptions options)
    {
        if (Problem(images, labelled, needsLabels, options) is { } problem)
        {
            throw new ConfigurationException(problem.Message);
        }

        return options.StepsPerEpoch > 0 ? options.StepsPerEpoch : (int)Math.Min(int.MaxValue, images / options.BatchSize);
    }

    /// <summary>
    /// Why <paramref name="images"/> training images cannot be trained as <paramref name="options"/> say, with the key at
    /// fault, or null: not one batch fits, <c>train.steps_per_epoch</c> asks for more batches than there are, or the pair
    /// sampler needs labels (<paramref name="needsLabels"/>) the data lacks. <c>simlap validate</c> asks it with the
    /// size a data set reports before loading (<see cref="SimLap.Contracts.Data.ITrainingSetPreflight"/>).
    /// </summary>
    public static (string Key, string Message)? Problem(long images, bool labelled, bool needsLabels, TrainOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var batchSize = options.BatchSize;
        var available = (int)Math.Min(int.MaxValue, images / batchSize);
        if (available == 0)
        {
            return ("train.batch_size", $"train.batch_size = {batchSize} is larger than the training set ({images} images); lower the batch size.");
        }

        if (options.StepsPerEpoch > available)
        {
            return ("train.steps_per_epoch", $"train.steps_per_epoch = {options.StepsPerEpoch}, but {images} training images give only {available} batches of {batchSize}; use at most {available}, or 0 for the whole set.");
        }

        return needsLabels && !labelled
            ? ("pairs.type", "the pair sampler needs class labels, but the training data is label-free; use pairs: { type: instance }.")
            : null;
    }
}
