using SimLap.Contracts.Data;

namespace SimLap.Contracts.Evaluation;

/// <summary>What an evaluator measures: a frozen encoder and labelled train and test sets.</summary>
/// <param name="Encoder">The frozen encoder.</param>
/// <param name="Train">The labelled training split (the reference set for kNN, the fitting set for probes).</param>
/// <param name="Test">The held-out split.</param>
/// <param name="Data">The data set's description.</param>
/// <param name="Epoch">The training epoch just finished.</param>
public sealed record EvaluationContext(IFeatureExtractor Encoder, ImageSet Train, ImageSet Test, DatasetInfo Data, int Epoch);
