using System.Buffers.Binary;
using System.Text;

namespace SimLap.Plugins.Core.Tests.Evaluators;

/// <summary>Writes <c>.npy</c> files byte by byte (as numpy.save does), including broken ones.</summary>
internal static class NpyTestFiles
{
    /// <summary>A file with the header dict <paramref name="header"/> (padded as numpy pads it) and raw <paramref name="data"/>.</summary>
    public static string Write(string path, string header, byte[] data, int major = 1, int minor = 0, byte[]? magic = null)
    {
        var prefix = 6 + 2 + (major == 1 ? 2 : 4);
        var text = header + " ";
        while ((prefix + text.Length + 1) % 64 != 0)
        {
            text += " ";
        }

        text += "\n";
        using var stream = File.Create(path);
        stream.Write(magic ?? [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y']);
        stream.Write([(byte)major, (byte)minor]);
        var length = new byte[major == 1 ? 2 : 4];
        if (major == 1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)text.Length);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)text.Length);
        }

        stream.Write(length);
        stream.Write(Encoding.Latin1.GetBytes(text));
        stream.Write(data);
        return path;
    }

    /// <summary>The header numpy writes for a C-order array.</summary>
    public static string Header(string descr, params long[] shape) =>
        $"{{'descr': '{descr}', 'fortran_order': False, 'shape': ({string.Join(", ", shape)}{(shape.Length == 1 ? "," : "")}), }}";

    /// <summary>An int64 [n] labels file.</summary>
    public static string Labels(string path, long[] labels)
    {
        var data = new byte[labels.Length * 8];
        for (var i = 0; i < labels.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(i * 8), labels[i]);
        }

        return Write(path, Header("<i8", labels.Length), data);
    }
}
