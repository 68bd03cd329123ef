namespace SimLap.Contracts.Data;

/// <summary>The size of a data set's training set, as <see cref="ITrainingSetPreflight"/> reports it.</summary>
/// <param name="Images">The number of images <see cref="IDataset.Load"/> returns for <see cref="DatasetSplit.Train"/>.</param>
/// <param name="Labelled">Whether they come with class labels.</param>
public sealed record TrainingSetSize(long Images, bool Labelled);
