using System.Text;
using TorchSharp;

namespace SimLap.Engine.Training;

/// <summary>
/// Independent, reproducible random streams: each component section gets its own generator derived from the
/// experiment seed and the section name, so swapping one component never shifts another's randomness.
/// </summary>
public static class SeedStreams
{
    /// <summary>A stable 63-bit seed for <paramref name="stream"/> (SplitMix64 over the seed and an FNV-1a hash of the name).</summary>
    public static long Derive(long seed, string stream)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(stream))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        var z = unchecked((ulong)seed + hash + 0x9E3779B97F4A7C15UL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (long)((z ^ (z >> 31)) >> 1);
    }

    /// <summary>A new CPU generator for <paramref name="stream"/>.</summary>
    public static torch.Generator Generator(long seed, string stream) => new((ulong)Derive(seed, stream), torch.CPU);
}
