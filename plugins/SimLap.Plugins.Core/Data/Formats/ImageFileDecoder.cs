using System.Buffers;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Data.Formats;

/// <summary>Image files decoded with SkiaSharp into uint8 tensors, many at a time.</summary>
public static class ImageFileDecoder
{
    private const int ImagesPerChunk = 256;

    /// <summary>Decodes the files in chunks (in parallel within a chunk) into uint8 [N, channels, size, size].</summary>
    public static Tensor Decode(IReadOnlyList<string> files, int size, int channels)
    {
        SkiaImageDecoder.EnsureNativeLibrary();
        var pixelBytes = size * size * SkiaImageDecoder.BytesPerPixel;
        var images = empty(new long[] { files.Count, channels, size, size }, dtype: ScalarType.Byte);
        // Pooled: a streamed data set decodes a batch per step, and a fresh buffer per call would be garbage each time.
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(files.Count, ImagesPerChunk) * pixelBytes);
        try
        {
            DecodeChunks(files, size, channels, buffer, images);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return images;
    }

    private static void DecodeChunks(IReadOnlyList<string> files, int size, int channels, byte[] buffer, Tensor images)
    {
        var pixelBytes = size * size * SkiaImageDecoder.BytesPerPixel;
        for (var start = 0; start < files.Count; start += ImagesPerChunk)
        {
            var count = Math.Min(ImagesPerChunk, files.Count - start);
            var first = start;
            var failures = new Exception?[count];
            Parallel.For(0, count, i =>
            {
                try
                {
                    SkiaImageDecoder.DecodeRgba(files[first + i], size, buffer.AsSpan(i * pixelBytes, pixelBytes));
                }
                catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
                {
                    failures[i] = e;
                }
            });
            if (failures.FirstOrDefault(failure => failure is not null) is { } failure)
            {
                // The first failing file in listing order, whatever the threads' timing.
                throw failure is InvalidDataException ? failure : new InvalidDataException($"Cannot read the image '{files[first + Array.IndexOf(failures, failure)]}': {failure.Message}", failure);
            }

            using var scope = NewDisposeScope();
            var rgb = frombuffer(buffer, ScalarType.Byte, (long)count * pixelBytes, 0, false)
                .view(count, size, size, SkiaImageDecoder.BytesPerPixel).narrow(3, 0, 3).permute(0, 3, 1, 2);
            images.narrow(0, start, count).copy_(channels == 3 ? rgb : Luma(rgb));
        }
    }

    /// <summary>ITU-R 601 luma of uint8 RGB [N, 3, H, W], as uint8 [N, 1, H, W].</summary>
    private static Tensor Luma(Tensor rgb)
    {
        var weights = tensor(new[] { 0.299f, 0.587f, 0.114f }).view(1, 3, 1, 1);
        return rgb.to_type(ScalarType.Float32).mul(weights).sum(1, keepdim: true).round().clamp(0, 255).to_type(ScalarType.Byte);
    }
}
