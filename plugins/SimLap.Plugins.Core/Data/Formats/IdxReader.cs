using System.Buffers.Binary;
using System.IO.Compression;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Data.Formats;

/// <summary>
/// Reads IDX files (MNIST and its look-alikes), raw or gzipped (recognised by the gzip signature, not the name):
/// a big-endian header of magic number (2051 for unsigned-byte images [N, H, W], 2049 for unsigned-byte labels [N])
/// and dimensions, then the data. The data must be exactly as long as the header says.
/// </summary>
public static class IdxReader
{
    /// <summary>The magic number of an unsigned-byte, three-dimensional IDX file (images).</summary>
    public const int ImagesMagic = 0x0803;

    /// <summary>The magic number of an unsigned-byte, one-dimensional IDX file (labels).</summary>
    public const int LabelsMagic = 0x0801;

    /// <summary>Reads an images file as uint8 [N, 1, H, W].</summary>
    /// <exception cref="InvalidDataException">Wrong magic number, bad dimensions, truncated or over-long data, or a damaged gzip stream.</exception>
    public static Tensor ReadImages(string path)
    {
        using var stream = Open(path, out var gzipped);
        var header = ReadHeader(stream, path, gzipped, ImagesMagic, "images", 3);
        var (count, rows, columns) = (header[0], header[1], header[2]);
        CheckSides(path, rows, columns);
        var data = ReadData(stream, path, gzipped, 16, count * rows * columns, $"{count} images of {rows}x{columns}");
        using (data)
        {
            // The view shares the storage, which outlives this handle.
            return data.view(count, 1, rows, columns);
        }
    }

    /// <summary>Reads a labels file as int64 [N], each label checked to lie in 0..classes-1.</summary>
    /// <exception cref="InvalidDataException">Wrong magic number, truncated or over-long data, a damaged gzip stream, or a label out of range.</exception>
    public static Tensor ReadLabels(string path, int classes)
    {
        using var stream = Open(path, out var gzipped);
        var count = ReadHeader(stream, path, gzipped, LabelsMagic, "labels", 1)[0];
        using var data = ReadData(stream, path, gzipped, 8, count, $"{count} labels");
        LabelCheck.InRange(data, 0, classes - 1, path, record => 8 + record);
        return data.to_type(ScalarType.Int64);
    }

    /// <summary>
    /// Checks an images file without reading its pixels (for <c>simlap validate</c>): the magic number, the dimensions,
    /// and that the file is as long as they say (a gzipped file: the length its gzip trailer records).
    /// </summary>
    /// <returns>The number of images and their height and width.</returns>
    /// <exception cref="InvalidDataException">What <see cref="ReadImages"/> would refuse in the header or the length.</exception>
    public static (long Count, long Rows, long Columns) CheckImages(string path)
    {
        bool gzipped;
        long[] header;
        using (var stream = Open(path, out gzipped))
        {
            header = ReadHeader(stream, path, gzipped, ImagesMagic, "images", 3);
        }

        var (count, rows, columns) = (header[0], header[1], header[2]);
        CheckSides(path, rows, columns);
        CheckLength(path, gzipped, 16, count * rows * columns, $"{count} images of {rows}x{columns}");
        return (count, rows, columns);
    }

    /// <summary>Checks a labels file without reading its labels: the magic number and the length; returns the number of labels.</summary>
    /// <exception cref="InvalidDataException">What <see cref="ReadLabels"/> would refuse in the header or the length.</exception>
    public static long CheckLabels(string path)
    {
        bool gzipped;
        long count;
        using (var stream = Open(path, out gzipped))
        {
            count = ReadHeader(stream, path, gzipped, LabelsMagic, "labels", 1)[0];
        }

        CheckLength(path, gzipped, 8, count, $"{count} labels");
        return count;
    }

    private static void CheckSides(string path, long rows, long columns)
    {
        if (rows <= 0 || columns <= 0 || rows > 4096 || columns > 4096)
        {
            throw new InvalidDataException($"'{path}' declares images of {rows}x{columns} pixels; expected 1..4096 on each side.");
        }
    }

    /// <summary>The data's length from the file size, or, gzipped, from the trailer's ISIZE (the decompressed length modulo 2^32).</summary>
    private static void CheckLength(string path, bool gzipped, long headerBytes, long length, string what)
    {
        var expected = headerBytes + length;
        if (!gzipped)
        {
            var size = new FileInfo(path).Length;
            if (size < expected)
            {
                throw Truncated(path, gzipped, headerBytes, size - headerBytes, length, what);
            }

            if (size > expected)
            {
                throw TooLong(path, gzipped, headerBytes + length, what);
            }

            return;
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        Span<byte> trailer = stackalloc byte[4];
        // A gzip file is at least 18 bytes (10 of header, 8 of trailer); a shorter one has no trailer to read.
        var recorded = file.Length < 18 ? uint.MaxValue : ReadTrailer(file, trailer);
        if (recorded != (uint)expected)
        {
            throw new InvalidDataException(
                $"'{path}' does not hold what its header declares: {what} need {expected} bytes after decompression, but its gzip trailer " +
                $"records {recorded} bytes (modulo 4 GiB). The file is truncated or damaged; download or copy it again.");
        }
    }

    private static uint ReadTrailer(FileStream file, Span<byte> trailer)
    {
        file.Seek(-4, SeekOrigin.End);
        file.ReadExactly(trailer);
        return BinaryPrimitives.ReadUInt32LittleEndian(trailer);
    }

    private static Stream Open(string path, out bool gzipped)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        Span<byte> signature = stackalloc byte[2];
        gzipped = file.Read(signature) == 2 && signature[0] == 0x1f && signature[1] == 0x8b;
        file.Position = 0;
        return gzipped ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    private static long[] ReadHeader(Stream stream, string path, bool gzipped, int magic, string kind, int dimensions)
    {
        var headerBytes = 4 + 4 * dimensions;
        var header = new byte[headerBytes];
        int got;
        try
        {
            got = stream.ReadAtLeast(header, headerBytes, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw Corrupt(path, 0, e);
        }

        if (got < 4)
        {
            throw new InvalidDataException($"'{path}' is truncated: its data end at byte offset {got}{Decompressed(gzipped)}, before the 4-byte IDX magic number.");
        }

        var found = BinaryPrimitives.ReadInt32BigEndian(header);
        if (found != magic)
        {
            var other = magic == ImagesMagic ? LabelsMagic : ImagesMagic;
            var hint = found == other
                ? $" It is an IDX {(other == ImagesMagic ? "images" : "labels")} file: are the images and labels files swapped?"
                : " It is not an unsigned-byte IDX file of that kind (a different data set, or a file that is not IDX at all).";
            throw new InvalidDataException(
                $"'{path}' has the wrong magic number: found {found} (0x{found:X8}), expected {magic} (0x{magic:X8}, an IDX {kind} file of unsigned bytes with {dimensions} dimension(s)).{hint}");
        }

        if (got < headerBytes)
        {
            throw new InvalidDataException(
                $"'{path}' is truncated: its data end at byte offset {got}{Decompressed(gzipped)}, inside the {headerBytes}-byte IDX header.");
        }

        var sizes = new long[dimensions];
        for (var i = 0; i < dimensions; i++)
        {
            sizes[i] = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4 + 4 * i));
            if (sizes[i] < 0)
            {
                throw new InvalidDataException($"'{path}' declares a negative size ({sizes[i]}) for dimension {i}; the header is corrupt.");
            }
        }

        return sizes;
    }

    private static Tensor ReadData(Stream stream, string path, bool gzipped, long headerBytes, long length, string what)
    {
        var data = ByteTensorReader.ReadExactly(
            stream,
            length,
            read => Truncated(path, gzipped, headerBytes, read, length, what),
            (read, error) => Corrupt(path, headerBytes + read, error));
        bool atEnd;
        try
        {
            atEnd = ByteTensorReader.AtEnd(stream);
        }
        catch (InvalidDataException e)
        {
            data.Dispose();
            throw Corrupt(path, headerBytes + length, e);
        }

        if (!atEnd)
        {
            data.Dispose();
            throw TooLong(path, gzipped, headerBytes + length, what);
        }

        return data;
    }

    private static InvalidDataException Truncated(string path, bool gzipped, long headerBytes, long read, long length, string what) =>
        new($"'{path}' is truncated: its data end at byte offset {headerBytes + read}{Decompressed(gzipped)}, but its header declares {what}, " +
            $"which need {headerBytes + length} bytes. Download or copy the file again.");

    private static InvalidDataException TooLong(string path, bool gzipped, long end, string what) =>
        new($"'{path}' is longer than its header declares: {what} end at byte offset {end}{Decompressed(gzipped)}, but more bytes follow. " +
            "The header or the file is corrupt.");

    private static InvalidDataException Corrupt(string path, long offset, Exception error) =>
        new($"'{path}' is a damaged gzip file: decompression failed near byte offset {offset} of the decompressed data ({error.Message}). Download or copy the file again.", error);

    private static string Decompressed(bool gzipped) => gzipped ? " (after decompression)" : "";
}
