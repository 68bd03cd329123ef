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
    /// when not one batch fits, when <c>train.steps_per_epoch</c> asks for more batches than there are, or when the
    /// pair sampler needs labels (<paramref name="needsLabels"/>) the data lacks.
    /// </summary>
    public static int StepsPerEpoch(long images, bool labelled, bool needsLabels, TrainOptions options)
    {
        var batchSize = options.BatchSize;
        var available = (int)Math.Min(int.MaxValue, images / batchSize);
        if (available == 0)
        {
            throw new ConfigurationException($"train.batch_size = {batchSize} is larger than the training set ({images} images); lower the batch size.");
        }

        if (options.StepsPerEpoch > available)
        {
            throw new ConfigurationException($"train.steps_per_epoch = {options.StepsPerEpoch}, but {images} training images give only {available} batches of {batchSize}; use at most {available}, or 0 for the whole set.");
        }

        if (needsLabels && !labelled)
        {
            throw new ConfigurationException("the pair sampler needs class labels, but the training data is label-free; use pairs: { type: instance }.");
        }

        return options.StepsPerEpoch > 0 ? options.StepsPerEpoch : available;
    }
}
