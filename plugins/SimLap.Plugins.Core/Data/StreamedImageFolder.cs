using SimLap.Contracts.Data;
using SimLap.Plugins.Core.Data.Formats;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Data;

/// <summary>
/// Image files decoded when a batch asks for them, for folders larger than memory: a bounded cache keeps the most
/// recently used decoded images, and the files a batch misses are decoded in parallel.
/// </summary>
public sealed class StreamedImageFolder : IImageSource
{
    private readonly IReadOnlyList<string> _files;
    private readonly int _size;
    private readonly int _channels;
    private readonly DecodedImageCache _cache;
    private long _decoded;

    /// <summary>Streams <paramref name="files"/> as uint8 [channels, size, size] images, caching up to <paramref name="cachedImages"/> of them.</summary>
    public StreamedImageFolder(IReadOnlyList<string> files, int size, int channels, int cachedImages)
    {
        _files = files;
        _size = size;
        _channels = channels;
        _cache = new DecodedImageCache(cachedImages);
    }

    /// <inheritdoc />
    public long Count => _files.Count;

    /// <inheritdoc />
    public (long Channels, long Height, long Width) Shape => (_channels, _size, _size);

    /// <summary>Bytes of one decoded image.</summary>
    public long ImageBytes => (long)_channels * _size * _size;

    /// <summary>How many images were decoded from their files so far (cache misses).</summary>
    public long DecodedImages => Interlocked.Read(ref _decoded);

    /// <summary>How many decoded images the cache holds now.</summary>
    public int CachedImages => _cache.Count;

    /// <inheritdoc />
    public Tensor Gather(Tensor indices)
    {
        var wanted = indices.to_type(ScalarType.Int64).cpu().data<long>().ToArray();
        var imageBytes = (int)ImageBytes;
        var pixels = new byte[(long)wanted.Length * imageBytes];
        var missing = new List<int>();
        for (var i = 0; i < wanted.Length; i++)
        {
            if ((ulong)wanted[i] >= (ulong)_files.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), $"image index {wanted[i]} is outside 0..{_files.Count - 1}.");
            }

            if (_cache.TryGet(wanted[i], out var cached))
            {
                cached.CopyTo(pixels, (long)i * imageBytes);
            }
            else
            {
                missing.Add(i);
            }
        }

        if (missing.Count > 0)
        {
            using var decoded = ImageFileDecoder.Decode(missing.Select(i => _files[(int)wanted[i]]).ToList(), _size, _channels);
            var bytes = decoded.data<byte>().ToArray();
            Interlocked.Add(ref _decoded, missing.Count);
            for (var m = 0; m < missing.Count; m++)
            {
                var image = bytes.AsSpan(m * imageBytes, imageBytes).ToArray();
                image.CopyTo(pixels, (long)missing[m] * imageBytes);
                _cache.Add(wanted[missing[m]], image);
            }
        }

        return tensor(pixels, new long[] { wanted.Length, _channels, _size, _size });
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Nothing native is held: the cache is managed memory.
    }
}
