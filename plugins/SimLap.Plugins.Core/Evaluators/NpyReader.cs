using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Evaluators;

/// <summary>
/// A small, strict reader of numpy <c>.npy</c> files (format versions 1.0 and 2.0): the magic <c>\x93NUMPY</c>, the
/// version, a little-endian header length (2 bytes in 1.0, 4 in 2.0), and a Python dict literal with exactly the keys
/// <c>'descr'</c>, <c>'fortran_order'</c> and <c>'shape'</c>, followed by the raw C-order data. Supported dtypes:
/// bool (<c>|b1</c>), uint8 (<c>|u1</c>), int8 (<c>|i1</c>), and little-endian int16, int32, int64, float32 and
/// float64 (<c>&lt;i2</c>, <c>&lt;i4</c>, <c>&lt;i8</c>, <c>&lt;f4</c>, <c>&lt;f8</c>). Anything else (big-endian or
/// structured dtypes, Fortran order, missing or extra data) is refused with an error naming the file.
/// </summary>
public static class NpyReader
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>The file's array as a CPU tensor of its dtype and shape.</summary>
    /// <exception cref="InvalidDataException">The file is not a supported, complete <c>.npy</c> file.</exception>
    public static Tensor Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = File.OpenRead(path);
        var (type, itemSize, shape) = ReadHeader(stream, path);
        var count = shape.Aggregate(1L, (a, b) => a * b);
        var bytes = count * itemSize;
        var remaining = stream.Length - stream.Position;
        if (remaining < bytes)
        {
            throw Error(path, $"truncated data: the header promises shape ({string.Join(", ", shape)}) x {itemSize} bytes = {bytes} bytes, but only {remaining} follow");
        }

        if (remaining > bytes)
        {
            throw Error(path, $"{remaining - bytes} unexpected bytes after the {bytes} bytes of data of shape ({string.Join(", ", shape)})");
        }

        if (bytes > int.MaxValue)
        {
            throw Error(path, $"arrays over 2 GiB are not supported ({bytes} bytes)");
        }

        var result = empty(shape, dtype: type);
        if (bytes > 0)
        {
            stream.ReadExactly(result.bytes);
        }

        return result;
    }

    /// <summary>Reads and checks the magic, version and header; leaves <paramref name="stream"/> at the first data byte.</summary>
    private static (ScalarType Type, int ItemSize, long[] Shape) ReadHeader(Stream stream, string path)
    {
        var preamble = new byte[8];
        if (stream.ReadAtLeast(preamble, preamble.Length, throwOnEndOfStream: false) < preamble.Length || !preamble.AsSpan(0, 6).SequenceEqual(Magic))
        {
            throw Error(path, "bad magic: a .npy file starts with \\x93NUMPY");
        }

        var (major, minor) = (preamble[6], preamble[7]);
        int headerLength;
        if (major == 1 && minor == 0)
        {
            var length = new byte[2];
            ReadExactly(stream, length, path, "header length");
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(length);
        }
        else if (major == 2 && minor == 0)
        {
            var length = new byte[4];
            ReadExactly(stream, length, path, "header length");
            var value = BinaryPrimitives.ReadUInt32LittleEndian(length);
            headerLength = value <= 1 << 24 ? (int)value : throw Error(path, $"implausible header length {value}");
        }
        else
        {
            throw Error(path, $"unsupported format version {major}.{minor} (supported: 1.0 and 2.0)");
        }

        var header = new byte[headerLength];
        ReadExactly(stream, header, path, "header");
        var dict = NpyHeader.Parse(Encoding.Latin1.GetString(header), path);
        if (dict.FortranOrder)
        {
            throw Error(path, "fortran_order is True; only C-order arrays are supported (save with numpy.ascontiguousarray)");
        }

        var (type, itemSize) = dict.Descr switch
        {
            "|b1" or "<b1" or ">b1" or "=b1" => (ScalarType.Bool, 1),
            "|u1" or "<u1" or ">u1" or "=u1" => (ScalarType.Byte, 1),
            "|i1" or "<i1" or ">i1" or "=i1" => (ScalarType.Int8, 1),
            "<i2" => (ScalarType.Int16, 2),
            "<i4" => (ScalarType.Int32, 4),
            "<i8" => (ScalarType.Int64, 8),
            "<f4" => (ScalarType.Float32, 4),
            "<f8" => (ScalarType.Float64, 8),
            _ => throw Error(path, $"unsupported dtype '{dict.Descr}' (supported: |b1, |u1, |i1, <i2, <i4, <i8, <f4, <f8; big-endian data is not)"),
        };
        return (type, itemSize, dict.Shape);
    }

    private static void ReadExactly(Stream stream, byte[] buffer, string path, string what)
    {
        if (stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) < buffer.Length)
        {
            throw Error(path, $"truncated {what}");
        }
    }

    /// <summary>An error naming the file and what is wrong with it.</summary>
    internal static InvalidDataException Error(string path, string problem) =>
        new(string.Create(CultureInfo.InvariantCulture, $"'{path}' is not a readable .npy file: {problem}."));
}
