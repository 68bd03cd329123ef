using SimLap.Contracts.Components;
using SimLap.Contracts.Data;
using SimLap.Contracts.Testing;
using TorchSharp;

namespace SimLap.Plugins.Core.Tests.TestSupport;

/// <summary>Component contexts on the CPU with a seeded generator, for pair, head, loss and evaluator tests.</summary>
internal static class LossTestContext
{
    /// <summary>A context with <paramref name="numClasses"/> classes and embedding dimension <paramref name="embeddingDim"/>.</summary>
    public static ComponentContext Create(long embeddingDim = 3, int numClasses = 3, long seed = 1) =>
        TestContexts.Component(seed, new DatasetInfo("t", 3, 8, 8, Enumerable.Range(0, numClasses).Select(c => $"class{c}").ToArray()), embeddingDim: embeddingDim);

    /// <summary>Row-major values of a 2-D tensor as doubles.</summary>
    public static double[] Values(torch.Tensor tensor) => tensor.to(torch.ScalarType.Float64).contiguous().data<double>().ToArray();
}
