using SimLap.Contracts.Data;
using SimLap.Contracts.Model;

namespace SimLap.Contracts.Evaluation;

/// <summary>What an evaluator measures: a frozen encoder and labelled train and test sets.</summary>
/// <param name="Encoder">The frozen backbone (features).</param>
/// <param name="Train">The labelled training split (the reference set for kNN, the fitting set for probes).</param>
/// <param name="Test">The held-out split.</param>
/// <param name="Data">The data set's description.</param>
/// <param name="Epoch">The training epoch just finished.</param>
public sealed record EvaluationContext(IFeatureExtractor Encoder, ImageSet Train, ImageSet Test, DatasetInfo Data, int Epoch)
{
    /// <summary>The frozen backbone followed by the projector (embeddings z), when the pipeline has one.</summary>
    public IFeatureExtractor? Embedder { get; init; }

    /// <summary>The trained subspace head (for analyses of its gates), in evaluation mode.</summary>
    public ISubspaceHead? Head { get; init; }

    /// <summary>A folder for files the evaluator writes (plots, tables); they become artifacts when listed in the result.</summary>
    public string WorkDirectory { get; init; } = Path.GetTempPath();

    /// <summary>
    /// Cancelled on SIGINT/SIGTERM: a long evaluator checks it between its own iterations (the encoders already check
    /// it between batches) and lets the <see cref="OperationCanceledException"/> through, so the run stops in seconds.
    /// </summary>
    public CancellationToken Cancellation { get; init; }
}
