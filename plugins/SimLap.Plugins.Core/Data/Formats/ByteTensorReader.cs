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
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        // Up to one chunk is allocated at once, so a corrupt header that declares terabytes fails as truncated, not out of memory.
        var chunks = new List<Tensor>();
        var buffer = new byte[(int)Math.Min(Math.Max(length, 1), ChunkBytes)];
        long done = 0;
        try
        {
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
                    throw onCorrupt(done, e);
                }

                if (got > 0)
                {
                    using var view = frombuffer(buffer, ScalarType.Byte, got, 0, false);
                    chunks.Add(view.clone());
                }

                done += got;
                if (got < wanted)
                {
                    throw onShort(done);
                }
            }

            var result = chunks.Count switch
            {
                0 => empty(0, dtype: ScalarType.Byte),
                1 => chunks[0],
                _ => cat(chunks, 0),
            };
            chunks.Remove(result);
            return result;
        }
        finally
        {
            // Every chunk not handed out (all of them after an error).
            foreach (var chunk in chunks)
            {
                chunk.Dispose();
            }
        }
    }

    /// <summary>True when the stream has no byte left (reads one byte if it has).</summary>
    public static bool AtEnd(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> one = stackalloc byte[1];
        return stream.Read(one) == 0;
    }
}
