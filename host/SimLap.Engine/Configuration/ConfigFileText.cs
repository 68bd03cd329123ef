using System.Buffers;
using System.Text;

namespace SimLap.Engine.Configuration;

/// <summary>Reads an experiment file as UTF-8 text, bounded in size, reporting bad bytes at their line and column.</summary>
public static class ConfigFileText
{
    /// <summary>The text of <paramref name="fullPath"/>, shown in errors as <paramref name="displayName"/>.</summary>
    /// <param name="fullPath">The file.</param>
    /// <param name="displayName">How errors name it.</param>
    /// <param name="namedAt">Where the file was named (an <c>extends:</c> entry); errors about the whole file are located there.</param>
    /// <exception cref="ConfigurationException">The file is too large, not UTF-8, or cannot be read.</exception>
    public static string Read(string fullPath, string displayName, SourceLocation? namedAt = null)
    {
        var at = namedAt is { Line: > 0 } ? $"{namedAt}: '{displayName}'" : $"{displayName}:";
        byte[] bytes;
        try
        {
            bytes = ReadBounded(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"{at} cannot read the experiment file: {e.Message}");
        }

        if (bytes.Length > YamlLimits.MaxDocumentBytes)
        {
            throw new ConfigurationException(
                $"{at} the file is larger than {YamlLimits.MaxDocumentBytes / 1024} KiB, the limit for an experiment file; "
                + "keep large data (class lists, file lists) in a data folder the data set reads, not in the YAML.");
        }

        return Decode(bytes, displayName);
    }

    /// <summary>Decodes UTF-8 (a leading byte-order mark is dropped); an invalid byte is reported at its line and column.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, string displayName)
    {
        if (bytes.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            throw new ConfigurationException($"{displayName}:1:1: the file is UTF-16; experiment files are UTF-8: save it as UTF-8.");
        }

        var (line, column) = (1, 1);
        for (var i = 0; i < bytes.Length;)
        {
            if (Rune.DecodeFromUtf8(bytes[i..], out var rune, out var consumed) != OperationStatus.Done)
            {
                throw new ConfigurationException(
                    $"{displayName}:{line}:{column}: the byte 0x{bytes[i]:X2} is not valid UTF-8; experiment files are UTF-8 text: save the file as UTF-8.");
            }

            (line, column) = rune.Value == '\n' ? (line + 1, 1) : (line, column + 1);
            i += consumed;
        }

        return Encoding.UTF8.GetString(bytes);
    }

    private static byte[] ReadBounded(string path)
    {
        // Read at most one byte past the limit: a huge file, or a device such as /dev/zero, is never read whole.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var buffer = new byte[YamlLimits.MaxDocumentBytes + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
        {
            total += read;
        }

        return buffer.AsSpan(0, total).ToArray();
    }
}
