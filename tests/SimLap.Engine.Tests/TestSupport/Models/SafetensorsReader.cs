using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace SimLap.Engine.Tests.Models;

/// <summary>
/// A second, independent reader of the safetensors format, written from its specification only (no engine or
/// TorchSharp code): 8 bytes little-endian header length N, N bytes of JSON (name → dtype, shape, data_offsets,
/// plus an optional <c>__metadata__</c> of strings), then the raw little-endian data the offsets index.
/// </summary>
internal sealed class SafetensorsReader
{
    private SafetensorsReader(Dictionary<string, Entry> tensors, Dictionary<string, string> metadata, long headerLength)
    {
        Tensors = tensors;
        Metadata = metadata;
        HeaderLength = headerLength;
    }

    /// <summary>The tensors by name, in header order.</summary>
    public IReadOnlyDictionary<string, Entry> Tensors { get; }

    /// <summary>The <c>__metadata__</c> block.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>N, the JSON header's length.</summary>
    public long HeaderLength { get; }

    public static SafetensorsReader Read(byte[] file)
    {
        var length = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(0, 8)));
        using var header = JsonDocument.Parse(Encoding.UTF8.GetString(file, 8, length).TrimEnd(' '));
        var data = file.AsSpan(8 + length);
        var tensors = new Dictionary<string, Entry>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        long expectedStart = 0;
        foreach (var property in header.RootElement.EnumerateObject())
        {
            if (property.Name == "__metadata__")
            {
                foreach (var m in property.Value.EnumerateObject())
                {
                    metadata[m.Name] = m.Value.GetString()!;
                }

                continue;
            }

            var offsets = property.Value.GetProperty("data_offsets").EnumerateArray().Select(o => o.GetInt64()).ToArray();
            Assert.Equal(expectedStart, offsets[0]);
            expectedStart = offsets[1];
            var shape = property.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            var dtype = property.Value.GetProperty("dtype").GetString()!;
            var bytes = data[(int)offsets[0]..(int)offsets[1]].ToArray();
            Assert.Equal(shape.Aggregate(1L, (a, b) => a * b) * ElementSize(dtype), bytes.Length);
            tensors[property.Name] = new Entry(dtype, shape, bytes);
        }

        Assert.Equal(expectedStart, data.Length);
        return new SafetensorsReader(tensors, metadata, length);
    }

    private static int ElementSize(string dtype) => dtype switch
    {
        "F64" or "I64" => 8,
        "F32" or "I32" => 4,
        "F16" or "BF16" or "I16" => 2,
        "I8" or "U8" or "BOOL" => 1,
        _ => throw new InvalidDataException("unknown dtype " + dtype),
    };

    /// <summary>One tensor: its dtype, shape and raw bytes.</summary>
    internal sealed record Entry(string DType, long[] Shape, byte[] Bytes)
    {
        public float[] Floats()
        {
            Assert.Equal("F32", DType);
            var values = new float[Bytes.Length / 4];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(Bytes.AsSpan(i * 4));
            }

            return values;
        }

        public long[] Longs()
        {
            Assert.Equal("I64", DType);
            return Enumerable.Range(0, Bytes.Length / 8).Select(i => BinaryPrimitives.ReadInt64LittleEndian(Bytes.AsSpan(i * 8))).ToArray();
        }
    }
}
