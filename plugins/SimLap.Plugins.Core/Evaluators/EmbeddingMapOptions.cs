using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SimLap.Plugins.Core.Evaluators;

/// <summary>Options of the <c>embedding-map</c> evaluator.</summary>
public sealed class EmbeddingMapOptions
{
    /// <summary>Embeddings (projector output) or backbone features.</summary>
    [Description("embedding: the projector's output z (backbone features when there is no projector); feature: the backbone's features.")]
    public FeatureSpace Space { get; set; } = FeatureSpace.Embedding;

    /// <summary>Test images mapped (a seeded random subset when the split is larger).</summary>
    [Description("Test images mapped and drawn; a seeded random subset when the test split is larger.")]
    [Range(2, 10000000)]
    public int MaxSamples { get; set; } = 2000;

    /// <summary>Also computes the mean silhouette of the classes in the 2-D map.</summary>
    [Description("Also log silhouette_2d, the mean silhouette of the classes in the 2-D map (Euclidean; O(N^2) distances, in blocks; needs labels and 2..N-1 classes present).")]
    public bool Silhouette { get; set; } = true;

    /// <summary>Rows processed at once (centring, covariance, projection, silhouette distances).</summary>
    [Description("Rows processed at once for the covariance, the projection and the silhouette distances (bounds memory).")]
    [Range(1, 1000000)]
    public int BatchSize { get; set; } = 1024;
}
