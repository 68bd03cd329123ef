using Microsoft.Extensions.Logging.Abstractions;
using SimLap.Contracts.Components;
using SimLap.Contracts.Data;
using TorchSharp;

namespace SimLap.Contracts.Testing;

/// <summary>
/// Component contexts as the host builds them, for tests: on the CPU, with a generator seeded from the seed, a null
/// logger and a <see cref="NullTracker"/>. Set what a component needs on top with <c>with { FeatureDim = 64 }</c>.
/// </summary>
public static class TestContexts
{
    /// <summary>A context on the CPU; <paramref name="data"/> may be null (as while the data set itself is built).</summary>
    /// <param name="seed">The experiment seed, and the seed of the context's own generator.</param>
    /// <param name="data">The training data's description.</param>
    /// <param name="featureDim">The backbone's feature dimension (0 before the backbone is built).</param>
    /// <param name="embeddingDim">The projector's output dimension (0 before the projector is built).</param>
    public static ComponentContext Component(long seed = 1, DatasetInfo? data = null, long featureDim = 0, long embeddingDim = 0) => new()
    {
        Device = torch.CPU,
        Generator = new torch.Generator((ulong)seed, torch.CPU),
        Seed = seed,
        Logger = NullLogger.Instance,
        Tracker = NullTracker.Instance,
        Data = data,
        FeatureDim = featureDim,
        EmbeddingDim = embeddingDim,
    };

    /// <summary>A description of square images named "t": <paramref name="classes"/> classes named class0, class1, ...</summary>
    public static DatasetInfo Images(int channels = 3, int size = 16, int classes = 4) =>
        new("t", channels, size, size, Enumerable.Range(0, classes).Select(c => $"class{c}").ToArray());

    /// <summary>Uniform random float images [B, C, H, W] in [0, 1] from their own generator (the global one is untouched).</summary>
    public static torch.Tensor RandomImages(long batch, long channels, long size, ulong seed)
    {
        using var generator = new torch.Generator(seed, torch.CPU);
        return torch.rand(new[] { batch, channels, size, size }, generator: generator);
    }
}
