using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SimLap.Plugins.Core.Evaluators;

/// <summary>Options of the <c>knn</c> evaluator.</summary>
public sealed class KnnOptions
{
    /// <summary>Number of neighbours voting (capped at the training-set size).</summary>
    [Description("Number of nearest training neighbours that vote (capped at the training-set size).")]
    [Range(1, 100000)]
    public int K { get; set; } = 200;

    /// <summary>Temperature of the vote weights exp(similarity / temperature).</summary>
    [Description("Temperature of the vote weights exp(cosine / temperature).")]
    [Range(1e-4, 100.0)]
    public double Temperature { get; set; } = 0.07;

    /// <summary>Test rows per similarity block, bounding memory at block_size x train size.</summary>
    [Description("Test rows per block of the test x train similarity matrix (bounds memory).")]
    [Range(1, 1000000)]
    public int BlockSize { get; set; } = 1024;
}
