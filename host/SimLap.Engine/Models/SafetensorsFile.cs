using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Engine.Models;

/// <summary>
/// Writes tensors in the safetensors format (what <c>safetensors.torch.load_file</c> reads): an 8-byte little-endian
/// header length, a JSON header naming each tensor's dtype, shape and byte range (plus <c>__metadata__</c>, strings
/// only), padded with spaces to a multiple of 8, then the tensors' raw little-endian bytes in header order.
/// </summary>
/// <remarks>
/// TorchSharp.PyBridge (served) writes this format too, but only through <c>Module.save_safetensors</c> on a live
/// module: its writer of a plain state dict is internal, and <c>simlap export</c> converts a checkpoint's state dict
/// without building the module. It also writes no <c>__metadata__</c> and no padding. The format is three parts; this
/// is the whole of it.
/// </remarks>
public static class SafetensorsFile
{
    /// <summary>Writes <paramref name="tensors"/> (names in the given order) to the file <paramref name="path"/>.</summary>
    /// <exception cref="NotSupportedException">A dtype safetensors has no name for (complex types).</exception>
    public static void Write(string path, IReadOnlyList<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        Write(file, tensors, metadata);
    }

    /// <summary>Writes <paramref name="tensors"/> (names in the given order) to <paramref name="file"/>.</summary>
    /// <exception cref="NotSupportedException">A dtype safetensors has no name for (complex types).</exception>
    public static void Write(Stream file, IReadOnlyList<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var scope = NewDisposeScope();
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
        {
            header["__metadata__"] = new JsonObject(metadata.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)JsonValue.Create(m.Value))));
        }

        var data = new List<byte[]>();
        long offset = 0;
        foreach (var (name, tensor) in tensors)
        {
            var bytes = tensor.detach().cpu().contiguous().bytes.ToArray();
            header[name] = new JsonObject
            {
                ["dtype"] = DType(tensor.dtype),
                ["shape"] = new JsonArray(tensor.shape.Select(d => (JsonNode?)JsonValue.Create(d)).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + bytes.Length),
            };
            offset += bytes.Length;
            data.Add(bytes);
        }

        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var padded = (json.Length + 7) / 8 * 8;
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
        file.Write(length);
        file.Write(json);
        file.Write(Enumerable.Repeat((byte)' ', padded - json.Length).ToArray());
        foreach (var bytes in data)
        {
            file.Write(bytes);
        }
    }

    /// <summary>The safetensors name of a dtype (<c>F32</c>, <c>I64</c>, ...).</summary>
    public static string DType(ScalarType type) => type switch
    {
        ScalarType.Float64 => "F64",
        ScalarType.Float32 => "F32",
        ScalarType.Float16 => "F16",
        ScalarType.BFloat16 => "BF16",
        ScalarType.Int64 => "I64",
        ScalarType.Int32 => "I32",
        ScalarType.Int16 => "I16",
        ScalarType.Int8 => "I8",
        ScalarType.Byte => "U8",
        ScalarType.Bool => "BOOL",
        _ => throw new NotSupportedException($"safetensors has no dtype for {type}."),
    };
}
