using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Data.Formats;

/// <summary>
/// Reads the STL-10 binary format: <c>*_X.bin</c> holds 96x96 RGB images of 27,648 bytes each, channel by channel,
/// and each channel column-major (as MATLAB writes it), so a record is [C, W, H] and is transposed to [C, H, W];
/// <c>*_y.bin</c> holds one label byte per image, 1..10.
/// </summary>
public static class Stl10BinaryReader
{
    /// <summary>Height and width of an STL-10 image.</summary>
    public const int Side = 96;

    /// <summary>Bytes of one image.</summary>
    public const int ImageBytes = 3 * Side * Side;

    private const int ImagesPerChunk = 512;

    /// <summary>Reads an images file as uint8 [N, 3, 96, 96] (rows first), in chunks (the unlabelled file is 2.7 GB).</summary>
    /// <exception cref="InvalidDataException">The file is empty or truncated.</exception>
    public static Tensor ReadImages(string path)
    {
        var count = CheckImages(path);
        var length = count * ImageBytes;
        var images = empty(new[] { count, 3L, Side, Side }, dtype: ScalarType.Byte);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        for (long start = 0; start < count; start += ImagesPerChunk)
        {
            var n = Math.Min(ImagesPerChunk, count - start);
            using var scope = NewDisposeScope();
            var chunk = ByteTensorReader.ReadExactly(stream, n * ImageBytes, read => new InvalidDataException(
                $"'{path}' is truncated: its data end at byte offset {start * ImageBytes + read}, but {length} bytes were expected (the file shrank while it was read)."));
            // Column-major channels: [n, C, W, H] -> [n, C, H, W].
            images.narrow(0, start, n).copy_(chunk.view(n, 3, Side, Side).transpose(2, 3));
        }

        return images;
    }

    /// <summary>Checks that an images file holds whole images, without reading it (for <c>simlap validate</c>); returns their number.</summary>
    /// <exception cref="InvalidDataException">The file is empty or truncated.</exception>
    public static long CheckImages(string path)
    {
        var length = new FileInfo(path).Length;
        var count = length / ImageBytes;
        if (length == 0)
        {
            throw new InvalidDataException($"'{path}' is empty; an STL-10 images file holds images of {ImageBytes} bytes.");
        }

        if (length % ImageBytes != 0)
        {
            throw new InvalidDataException(
                $"'{path}' is truncated: its data end at byte offset {length}, inside image {count}, which needs the file to be " +
                $"{(count + 1) * ImageBytes} bytes long (images are {ImageBytes} bytes: 3 x {Side} x {Side}). Download or copy the file again.");
        }

        return count;
    }

    /// <summary>Checks that a labels file holds one byte per image of <paramref name="imagesPath"/>, without reading it.</summary>
    /// <exception cref="InvalidDataException">The file is shorter or longer than <paramref name="count"/> bytes.</exception>
    public static void CheckLabels(string path, long count, string imagesPath)
    {
        var length = new FileInfo(path).Length;
        if (length != count)
        {
            var problem = length < count ? "is truncated: its data end at byte offset" : "is too long: it has";
            throw new InvalidDataException(
                $"'{path}' {problem} {length}{(length < count ? "" : " bytes")}, but '{imagesPath}' holds {count} images, which need exactly {count} label bytes.");
        }
    }

    /// <summary>Reads a labels file as int64 [N] in 0..9 (the file's 1..10 minus one), for the <paramref name="count"/> images of <paramref name="imagesPath"/>.</summary>
    /// <exception cref="InvalidDataException">The file does not hold one label per image, or a label is out of 1..10.</exception>
    public static Tensor ReadLabels(string path, long count, string imagesPath)
    {
        CheckLabels(path, count, imagesPath);
        using var scope = NewDisposeScope();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        var raw = ByteTensorReader.ReadExactly(stream, count, read => new InvalidDataException(
            $"'{path}' is truncated: its data end at byte offset {read}, but {count} bytes were expected (the file shrank while it was read)."));
        LabelCheck.InRange(raw, 1, 10, path, record => record);
        return raw.to_type(ScalarType.Int64).sub(1).MoveToOuterDisposeScope();
    }
}
