using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Data.Formats;

/// <summary>Reads raw bytes from a stream straight into a uint8 tensor, in bounded chunks (files may exceed 2 GB).</summary>
public static class ByteTensorReader
{
    private const int ChunkBytes = 16 << 20;

    /// <summary>
    /// Reads exactly <paramref name="length"/> bytes into a uint8 tensor [length]; when the stream ends first,
    /// throws what <paramref name="onShort"/> builds from the number of bytes that were there. When the stream
    /// itself reports corrupt data (a damaged gzip stream), throws what <paramref name="onCorrupt"/> builds from the
    /// bytes read so far and the stream's error (by default that error).
    /// </summary>
    public static Tensor ReadExactly(Stream stream, long length, Func<long, Exception> onShort, Func<long, Exception, Exception>? onCorrupt = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(onShort);
        var result = empty(length, dtype: ScalarType.Byte);
        var buffer = new byte[(int)Math.Min(Math.Max(length, 1), ChunkBytes)];
        long done = 0;
        while (done < length)
        {
            var wanted = (int)Math.Min(buffer.Length, length - done);
            int got;
            try
            {
                got = stream.ReadAtLeast(buffer.AsSpan(0, wanted), wanted, throwOnEndOfStream: false);
            }
            catch (InvalidDataException e) when (onCorrupt is not null)
            {
                result.Dispose();
                throw onCorrupt(done, e);
            }

            if (got > 0)
            {
                using var chunk = frombuffer(buffer, ScalarType.Byte, got, 0, false);
                using var slice = result.narrow(0, done, got);
                slice.copy_(chunk);
            }

            done += got;
            if (got < wanted)
            {
                result.Dispose();
                throw onShort(done);
            }
        }

        return result;
    }

    /// <summary>True when the stream has no byte left (reads one byte if it has).</summary>
    public static bool AtEnd(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> one = stackalloc byte[1];
        return stream.Read(one) == 0;
    }
}
