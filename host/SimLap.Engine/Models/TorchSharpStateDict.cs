using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Engine.Models;

/// <summary>
/// Reads the state dict in TorchSharp's own module format (what <c>Module.save</c> writes and a checkpoint keeps per
/// module): a 7-bit encoded entry count, then per entry the name (a .NET string) and the tensor in TorchSharp's format.
/// </summary>
public static class TorchSharpStateDict
{
    /// <summary>The named tensors of <paramref name="moduleBytes"/>, in stored order (the caller disposes them).</summary>
    /// <exception cref="InvalidDataException">The bytes are not a TorchSharp module.</exception>
    public static List<KeyValuePair<string, Tensor>> Read(byte[] moduleBytes)
    {
        using var reader = new BinaryReader(new MemoryStream(moduleBytes));
        var entries = new List<KeyValuePair<string, Tensor>>();
        try
        {
            var count = reader.Read7BitEncodedInt64();
            for (long i = 0; i < count; i++)
            {
                var name = reader.ReadString();
                entries.Add(KeyValuePair.Create(name, TensorExtensionMethods.Load(reader)));
            }
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException or IOException or ArgumentException or NotImplementedException)
        {
            throw new InvalidDataException($"not a TorchSharp module ({e.Message})", e);
        }

        if (reader.BaseStream.Position != moduleBytes.Length)
        {
            throw new InvalidDataException($"not a TorchSharp module ({moduleBytes.Length - reader.BaseStream.Position} bytes after the last tensor)");
        }

        return entries;
    }
}
