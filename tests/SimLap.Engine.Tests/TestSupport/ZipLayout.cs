using System.Buffers.Binary;
using System.Text;

namespace SimLap.Engine.Tests.TestSupport;

/// <summary>
/// Where each entry of a zip file lies, read from the raw bytes (the end-of-central-directory record, the central
/// directory, the local headers), so tests can damage exactly one entry's compressed data or one directory record.
/// </summary>
internal sealed class ZipLayout
{
    private const uint EndOfDirectorySignature = 0x06054b50;
    private const uint DirectorySignature = 0x02014b50;

    private ZipLayout(List<Record> records) => Records = records;

    /// <summary>The central directory's records, in order.</summary>
    public IReadOnlyList<Record> Records { get; }

    /// <summary>One entry.</summary>
    /// <param name="Name">Its name.</param>
    /// <param name="DirectoryOffset">Where its central directory record starts.</param>
    /// <param name="NameOffset">Where its name starts within that record.</param>
    /// <param name="DataOffset">Where its compressed data starts.</param>
    /// <param name="CompressedSize">The compressed data's length.</param>
    public sealed record Record(string Name, int DirectoryOffset, int NameOffset, int DataOffset, int CompressedSize);

    /// <summary>Reads the layout of the zip in <paramref name="zip"/>.</summary>
    public static ZipLayout Of(byte[] zip)
    {
        var end = zip.Length - 22;
        while (BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(end)) != EndOfDirectorySignature)
        {
            end--;
        }

        var count = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(end + 10));
        var offset = (int)BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(end + 16));
        var records = new List<Record>();
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(DirectorySignature, BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(offset)));
            var compressed = (int)BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(offset + 20));
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(offset + 28));
            var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(offset + 30));
            var commentLength = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(offset + 32));
            var local = (int)BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(offset + 42));
            var name = Encoding.UTF8.GetString(zip, offset + 46, nameLength);
            var data = local + 30 + BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(local + 26)) + BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(local + 28));
            records.Add(new Record(name, offset, offset + 46, data, compressed));
            offset += 46 + nameLength + extraLength + commentLength;
        }

        return new ZipLayout(records);
    }

    /// <summary>The record of entry <paramref name="name"/>.</summary>
    public Record this[string name] => Records.Single(r => r.Name == name);

    /// <summary>A copy of <paramref name="zip"/> with the middle byte of entry <paramref name="name"/>'s compressed data inverted.</summary>
    public static byte[] FlipByteOf(byte[] zip, string name)
    {
        var record = Of(zip)[name];
        var copy = (byte[])zip.Clone();
        copy[record.DataOffset + (record.CompressedSize / 2)] ^= 0xFF;
        return copy;
    }

    /// <summary>A copy of <paramref name="zip"/> whose central directory names entry <paramref name="name"/> differently (its first letter changed).</summary>
    public static byte[] RenameInDirectory(byte[] zip, string name)
    {
        var record = Of(zip)[name];
        var copy = (byte[])zip.Clone();
        copy[record.NameOffset] = (byte)(copy[record.NameOffset] == (byte)'x' ? 'y' : 'x');
        return copy;
    }
}
