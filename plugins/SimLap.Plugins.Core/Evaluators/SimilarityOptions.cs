using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SimLap.Plugins.Core.Evaluators;

/// <summary>Options of the <c>similarity</c> evaluator.</summary>
public sealed class SimilarityOptions
{
    /// <summary>Embeddings (projector output) or backbone features.</summary>
    [Description("embedding: the projector's output z (backbone features when there is no projector); feature: the backbone's features.")]
    public FeatureSpace Space { get; set; } = FeatureSpace.Embedding;

    /// <summary>Test images used (all pairs among them: memory grows with the square).</summary>
    [Description("Test images used (a seeded random subset when the split is larger); all pairs among them are compared, so memory grows with its square.")]
    [Range(2, 20000)]
    public int MaxSamples { get; set; } = 2000;

    /// <summary>Histogram bins over [-1, 1].</summary>
    [Description("Histogram bins over the cosine range [-1, 1] (for the plot and the overlap).")]
    [Range(2, 10000)]
    public int Bins { get; set; } = 100;
}
