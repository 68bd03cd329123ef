using SimLap.Contracts.Components;
using SimLap.Contracts.Data;
using SimLap.Contracts.Testing;
using TorchSharp;

namespace SimLap.Plugins.Core.Tests.Data;

/// <summary>Component contexts on the CPU with a seeded generator, for data, augmentation, backbone and projector tests.</summary>
internal static class VisionTestContext
{
    /// <summary>A context with its own generator; <paramref name="data"/> may be null (while the data set is built).</summary>
    public static ComponentContext Create(long seed = 1, DatasetInfo? data = null, long featureDim = 0) =>
        TestContexts.Component(seed, data, featureDim);

    /// <summary>A description of square images with <paramref name="channels"/> channels and four classes.</summary>
    public static DatasetInfo Images(int channels = 3, int size = 16) => new("t", channels, size, size, ["a", "b", "c", "d"]);

    /// <summary>Uniform random float images [B, C, H, W] in [0, 1] from their own generator.</summary>
    public static torch.Tensor RandomImages(long batch, long channels, long size, ulong seed) =>
        TestContexts.RandomImages(batch, channels, size, seed);
}
