using System.Buffers.Binary;

namespace SimLap.Engine.Training;

/// <summary>
/// Checks a saved random generator state before it reaches libtorch, which rejects a bad one by throwing through
/// TorchSharp's native call: that aborts the whole process with a C++ stack trace instead of raising an exception.
/// </summary>
internal static class GeneratorStateCheck
{
    // libtorch's CPU state starts with the legacy THGeneratorState: uint64 seed, int32 left, int32 seeded, uint64 next, ...
    private const int LeftOffset = 8;
    private const int SeededOffset = 12;
    private const int NextOffset = 16;
    private const int MersenneStateWords = 624;

    /// <summary>What is wrong with <paramref name="saved"/> as a state of the generator whose state is now <paramref name="current"/>, or null.</summary>
    public static string? Problem(ReadOnlySpan<byte> current, ReadOnlySpan<byte> saved)
    {
        if (saved.Length != current.Length)
        {
            return $"a state of {saved.Length} bytes, where this generator's has {current.Length}";
        }

        // The layout is trusted only when the generator's own state (valid by construction) fits it: a CUDA generator's
        // state, or a libtorch that changed its layout, is passed on unchecked, as before.
        return IsValidMersenneTwister(current) && !IsValidMersenneTwister(saved)
            ? "not a valid state of libtorch's Mersenne Twister generator"
            : null;
    }

    /// <summary>libtorch's own test (mt19937::is_valid): seeded, 0 &lt; left &lt;= 624, next &lt;= 624.</summary>
    private static bool IsValidMersenneTwister(ReadOnlySpan<byte> state)
    {
        if (state.Length < NextOffset + sizeof(uint))
        {
            return false;
        }

        var left = BinaryPrimitives.ReadInt32LittleEndian(state[LeftOffset..]);
        var seeded = BinaryPrimitives.ReadInt32LittleEndian(state[SeededOffset..]);
        var next = BinaryPrimitives.ReadUInt32LittleEndian(state[NextOffset..]);
        return seeded != 0 && left is > 0 and <= MersenneStateWords && next <= MersenneStateWords;
    }
}
