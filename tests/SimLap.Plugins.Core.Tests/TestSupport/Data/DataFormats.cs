using System.Buffers.Binary;
using System.Formats.Tar;
using System.IO.Compression;

namespace SimLap.Plugins.Core.Tests.Data;

/// <summary>Writes the real on-disk formats (tiny), for reading back exactly.</summary>
internal static class DataFormats
{
    /// <summary>Deterministic pseudo-random bytes.</summary>
    public static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>CIFAR binary records: each record's label bytes, then its 3072 pixel bytes (R, G, B planes, row-major).</summary>
    public static void WriteCifar(string path, IReadOnlyList<byte[]> labelBytes, IReadOnlyList<byte[]> pixels)
    {
        using var file = System.IO.File.Create(path);
        for (var i = 0; i < pixels.Count; i++)
        {
            file.Write(labelBytes[i]);
            file.Write(pixels[i]);
        }
    }

    /// <summary>An IDX images file (magic 2051 unless given), raw or gzipped.</summary>
    public static void WriteIdxImages(string path, int count, int rows, int columns, byte[] pixels, bool gzip, int magic = 2051)
    {
        var header = new byte[16];
        BinaryPrimitives.WriteInt32BigEndian(header, magic);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(12), columns);
        Write(path, [.. header, .. pixels], gzip);
    }

    /// <summary>An IDX labels file (magic 2049 unless given), raw or gzipped.</summary>
    public static void WriteIdxLabels(string path, byte[] labels, bool gzip, int magic = 2049, int? count = null)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(header, magic);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), count ?? labels.Length);
        Write(path, [.. header, .. labels], gzip);
    }

    /// <summary>Bytes gzipped.</summary>
    public static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return buffer.ToArray();
    }

    /// <summary>A .tar.gz of the files under <paramref name="folder"/>, with paths relative to it.</summary>
    public static byte[] TarGz(string folder)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            TarFile.CreateFromDirectory(folder, gzip, includeBaseDirectory: false);
        }

        return buffer.ToArray();
    }

    private static void Write(string path, byte[] data, bool gzip) => System.IO.File.WriteAllBytes(path, gzip ? Gzip(data) : data);
}
