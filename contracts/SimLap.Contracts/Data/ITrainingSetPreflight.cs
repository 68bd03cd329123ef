namespace SimLap.Contracts.Data;

/// <summary>
/// Optional for an <see cref="IDataset"/>, beside <see cref="IDatasetPreflight"/>: the size of the training set that
/// <see cref="IDataset.Load"/> will return for <see cref="DatasetSplit.Train"/>, after every subset and validation split
/// the options ask for, found as cheaply as the preflight (labels, headers and folder listings; no image decoded).
/// <c>simlap validate</c> and <c>simlap run</c> check <c>train.batch_size</c>, <c>train.steps_per_epoch</c> and the pair
/// sampler's need for labels against it before any run starts. A data set without it is checked when it loads.
/// </summary>
public interface ITrainingSetPreflight
{
    /// <summary>
    /// The training set's size, or null when it cannot be known without loading (files that will be downloaded).
    /// Throws <see cref="InvalidOperationException"/> or <see cref="InvalidDataException"/>, with a message for the user,
    /// when loading would refuse the options (a subset that needs labels the split lacks).
    /// </summary>
    TrainingSetSize? TrainingSet();
}
