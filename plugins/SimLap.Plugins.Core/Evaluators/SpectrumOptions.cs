using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SimLap.Plugins.Core.Evaluators;

/// <summary>Options of the <c>spectrum</c> evaluator.</summary>
public sealed class SpectrumOptions
{
    /// <summary>Embeddings (projector output) or backbone features.</summary>
    [Description("embedding: the projector's output z (backbone features when there is no projector); feature: the backbone's features.")]
    public FeatureSpace Space { get; set; } = FeatureSpace.Embedding;

    /// <summary>Test images used (a seeded random subset when the split is larger).</summary>
    [Description("Test images used; a seeded random subset when the test split is larger.")]
    [Range(2, 10000000)]
    public int MaxSamples { get; set; } = 10000;

    /// <summary>A dimension counts when its singular value exceeds threshold times the largest.</summary>
    [Description("dims_above_threshold counts singular values > threshold * the largest.")]
    [Range(1e-12, 1.0)]
    public double Threshold { get; set; } = 1e-3;
}
