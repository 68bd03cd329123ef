using Microsoft.Extensions.Logging.Abstractions;
using SimLap.Contracts.Components;
using SimLap.Contracts.Data;
using SimLap.Contracts.Tracking;
using TorchSharp;

namespace SimLap.Plugins.Vit.Tests;

/// <summary>Component contexts on the CPU with a seeded generator, as the host builds them.</summary>
internal static class VitTestContext
{
    /// <summary>A context for square RGB images of <paramref name="size"/> pixels.</summary>
    public static ComponentContext Create(long seed = 1, int size = 32, int channels = 3) => new()
    {
        Device = torch.CPU,
        Generator = new torch.Generator((ulong)seed, torch.CPU),
        Seed = seed,
        Logger = NullLogger.Instance,
        Tracker = new NullTracker(),
        Data = new DatasetInfo("t", channels, size, size, ["a", "b"]),
    };

    /// <summary>Uniform random images [B, C, H, W] in [0, 1] from their own generator.</summary>
    public static torch.Tensor RandomImages(long batch, long channels, long size, ulong seed) =>
        torch.rand(new[] { batch, channels, size, size }, generator: new torch.Generator(seed, torch.CPU));

    private sealed class NullTracker : ITracker
    {
        public void LogParam(string key, string value)
        {
        }

        public void LogMetric(string key, double value, long step)
        {
        }

        public void SetTag(string key, string value)
        {
        }

        public void LogArtifact(string localPath, string artifactPath = "")
        {
        }
    }
}
