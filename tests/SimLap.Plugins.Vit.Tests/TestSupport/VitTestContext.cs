using SimLap.Contracts.Components;
using SimLap.Contracts.Data;
using SimLap.Contracts.Testing;
using TorchSharp;

namespace SimLap.Plugins.Vit.Tests;

/// <summary>Component contexts on the CPU with a seeded generator, as the host builds them.</summary>
internal static class VitTestContext
{
    /// <summary>A context for square RGB images of <paramref name="size"/> pixels.</summary>
    public static ComponentContext Create(long seed = 1, int size = 32, int channels = 3) =>
        TestContexts.Component(seed, new DatasetInfo("t", channels, size, size, ["a", "b"]));

    /// <summary>Uniform random images [B, C, H, W] in [0, 1] from their own generator.</summary>
    public static torch.Tensor RandomImages(long batch, long channels, long size, ulong seed) =>
        TestContexts.RandomImages(batch, channels, size, seed);
}
