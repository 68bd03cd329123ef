using System.Runtime.InteropServices;
using SkiaSharp;

namespace SimLap.Plugins.Core.Data.Formats;

/// <summary>
/// Decodes one image file with SkiaSharp into RGBA bytes (straight alpha) of a square size: centre square crop, then a
/// high-quality resize. Large JPEGs are decoded at a reduced scale first when the codec supports it. An image the codec
/// cannot read completely is an error naming the file, never a partly black image.
/// </summary>
public static class SkiaImageDecoder
{
    /// <summary>Bytes per decoded pixel (RGBA).</summary>
    public const int BytesPerPixel = 4;

    private static readonly Lazy<bool> Native = new(() =>
    {
        // Probe with the loader, not with a Skia object: an object whose native side failed to load crashes the process in its finalizer.
        if (!NativeLibrary.TryLoad("libSkiaSharp", typeof(SKBitmap).Assembly, null, out var handle))
        {
            return false;
        }

        NativeLibrary.Free(handle);
        return true;
    });

    /// <summary>True when SkiaSharp's native library can be loaded in this process.</summary>
    public static bool NativeLibraryAvailable => Native.Value;

    /// <summary>Throws a clear error when SkiaSharp's native library is missing (a host built without its native assets).</summary>
    public static void EnsureNativeLibrary()
    {
        if (!NativeLibraryAvailable)
        {
            throw new InvalidOperationException(
                "Decoding images needs SkiaSharp's native library (libSkiaSharp), which this process cannot load: the application must " +
                "reference SkiaSharp.NativeAssets.Linux.NoDependencies (Linux) or the native assets for its platform, of the same version as SkiaSharp.");
        }
    }

    /// <summary>The real reason a path is not an image file (a dangling link, a folder, no permission, empty), or null when it is a readable file.</summary>
    public static string? WhyUnreadable(string path)
    {
        if (ImageFolderWalk.Dangling(path) is { } target)
        {
            return $"it is a symbolic link to '{target}', which does not exist; restore its target or remove the link.";
        }

        if (Directory.Exists(path))
        {
            return "it is a folder, not an image file; move the images out of it or rename it.";
        }

        if (!File.Exists(path))
        {
            return "it does not exist (was it removed while the data set was in use?).";
        }

        try
        {
            using var stream = File.OpenRead(path);
            return stream.Length == 0 ? "the file is empty (0 bytes); fix or remove it." : null;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return $"the file cannot be opened ({e.Message}); check its permissions.";
        }
    }

    /// <summary>
    /// The most pixels an image may have as decoded (after a JPEG's reduced-scale decoding): 64 megapixels, 256 MiB of
    /// RGBA. A header declaring more (a corrupt or hostile file: a PNG may declare 100000x100000 in 33 bytes) is refused
    /// before anything is allocated.
    /// </summary>
    public const long MaxDecodedPixels = 64L * 1024 * 1024;

    /// <summary>Reads only the header of <paramref name="path"/> (for <c>simlap validate</c>): an image SkiaSharp recognises, of a size it may be decoded at for a <paramref name="size"/> square.</summary>
    /// <exception cref="InvalidDataException">What <see cref="DecodeRgba"/> would refuse before decoding.</exception>
    public static void CheckHeader(string path, int size)
    {
        EnsureNativeLibrary();
        using var codec = Open(path);
        DecodedSize(codec, path, size);
    }

    /// <summary>Decodes <paramref name="path"/> into <paramref name="destination"/>: <paramref name="size"/> x <paramref name="size"/> RGBA rows.</summary>
    /// <exception cref="InvalidDataException">The file is not an image SkiaSharp can read, or it is damaged or truncated.</exception>
    public static void DecodeRgba(string path, int size, Span<byte> destination)
    {
        if (destination.Length < size * size * BytesPerPixel)
        {
            throw new ArgumentException($"The destination needs {size * size * BytesPerPixel} bytes.", nameof(destination));
        }

        using var codec = Open(path);
        var (width, height) = DecodedSize(codec, path, size);
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var decoded = new SKBitmap(info);
        var result = codec.GetPixels(info, decoded.GetPixels());
        if (result != SKCodecResult.Success)
        {
            throw new InvalidDataException(
                $"Cannot read the image '{path}': decoding stopped with '{result}' ({codec.Info.Width}x{codec.Info.Height} {codec.EncodedFormat}); " +
                "the file is damaged or truncated. Fix or remove it.");
        }

        var side = Math.Min(width, height);
        using var square = new SKBitmap();
        if (!decoded.ExtractSubset(square, SKRectI.Create((width - side) / 2, (height - side) / 2, side, side)))
        {
            throw new InvalidDataException($"Cannot crop the image '{path}' ({width}x{height}).");
        }

        using var resized = side == size ? null : square.Resize(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Unpremul), SKFilterQuality.High);
        var final = resized ?? (side == size ? square : throw new InvalidDataException($"Cannot resize the image '{path}' from {side}x{side} to {size}x{size}."));
        var pixels = final.GetPixelSpan();
        var rowBytes = size * BytesPerPixel;
        for (var y = 0; y < size; y++)
        {
            pixels.Slice(y * final.RowBytes, rowBytes).CopyTo(destination.Slice(y * rowBytes, rowBytes));
        }
    }

    private static SKCodec Open(string path)
    {
        var codec = SKCodec.Create(path, out var opened);
        return codec ?? throw new InvalidDataException(
            $"Cannot read the image '{path}': {WhyUnreadable(path) ?? $"SkiaSharp does not recognise it ({opened}). It is damaged, or not a PNG/JPEG/BMP/GIF/WebP image; fix or remove it."}");
    }

    /// <summary>The size the image is decoded at for a <paramref name="size"/> square (a JPEG at a reduced scale when it allows), within <see cref="MaxDecodedPixels"/>.</summary>
    private static (int Width, int Height) DecodedSize(SKCodec codec, string path, int size)
    {
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width <= 0 || height <= 0)
        {
            throw new InvalidDataException($"Cannot read the image '{path}': its header declares {width}x{height} pixels; the file is damaged. Fix or remove it.");
        }

        var scaled = codec.GetScaledDimensions((float)size / Math.Min(width, height));
        if (Math.Min(scaled.Width, scaled.Height) >= size && scaled.Width < width)
        {
            (width, height) = (scaled.Width, scaled.Height);
        }

        if ((long)width * height > MaxDecodedPixels)
        {
            throw new InvalidDataException(
                $"Cannot read the image '{path}': its header declares {codec.Info.Width}x{codec.Info.Height} pixels, which decode to {width}x{height} " +
                $"({(long)width * height:N0} pixels), over the limit of {MaxDecodedPixels:N0} pixels (8192x8192). The file is damaged, or too large for " +
                "training at image_size: shrink it (for example to 1024 pixels on its short side) or remove it.");
        }

        return (width, height);
    }
}
