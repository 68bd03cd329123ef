using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Data.Formats;

/// <summary>
/// Reads the CIFAR binary format: fixed-size records of label byte(s) followed by 3072 pixel bytes, the red, green
/// and blue 32x32 planes in row-major order, which is already [C, H, W]. CIFAR-10 has one label byte, CIFAR-100
/// two (coarse, then fine).
/// </summary>
public static class CifarBinaryReader
{
    /// <summary>Height and width of a CIFAR image.</summary>
    public const int Side = 32;

    /// <summary>Pixel bytes of one record.</summary>
    public const int ImageBytes = 3 * Side * Side;

    /// <summary>
    /// Reads every record of <paramref name="path"/>: images uint8 [N, 3, 32, 32] and the label bytes int64 [N, labelBytes].
    /// <paramref name="classes"/> gives, per label byte, how many classes it may name (each label is checked).
    /// </summary>
    /// <exception cref="InvalidDataException">The file is empty or truncated, or a label is out of range.</exception>
    public static (Tensor Images, Tensor Labels) Read(string path, IReadOnlyList<int> classes, IReadOnlyList<string>? labelNames = null)
    {
        ArgumentNullException.ThrowIfNull(classes);
        var labelBytes = classes.Count;
        var recordBytes = labelBytes + ImageBytes;
        var records = CheckLength(path, labelBytes);

        using var scope = NewDisposeScope();
        Tensor bytes;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20))
        {
            bytes = ByteTensorReader.ReadExactly(stream, records * recordBytes, read => new InvalidDataException(
                $"'{path}' is truncated: its data end at byte offset {read}, but {records * recordBytes} bytes were expected (the file shrank while it was read)."));
        }

        var table = bytes.view(records, recordBytes);
        var labels = table.narrow(1, 0, labelBytes).to_type(ScalarType.Int64);
        CheckLabels(labels, classes, path, labelNames);
        var images = table.narrow(1, labelBytes, ImageBytes).reshape(records, 3, Side, Side).contiguous();
        return (images.MoveToOuterDisposeScope(), labels.contiguous().MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Reads only the label bytes of every record of <paramref name="path"/> (one short read per record, no pixel decoded):
    /// int64 [N, labelBytes], checked as <see cref="Read"/> checks them, for the size of a training set before it loads.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is empty or truncated, or a label is out of range.</exception>
    public static Tensor ReadLabels(string path, IReadOnlyList<int> classes, IReadOnlyList<string>? labelNames = null)
    {
        ArgumentNullException.ThrowIfNull(classes);
        var labelBytes = classes.Count;
        var recordBytes = labelBytes + ImageBytes;
        var records = CheckLength(path, labelBytes);
        var bytes = new byte[records * labelBytes];
        using (var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            for (long record = 0; record < records; record++)
            {
                var offset = record * recordBytes;
                if (RandomAccess.Read(handle, bytes.AsSpan((int)(record * labelBytes), labelBytes), offset) < labelBytes)
                {
                    throw new InvalidDataException(
                        $"'{path}' is truncated: its data end before byte offset {offset + labelBytes}, but {records * recordBytes} bytes were expected (the file shrank while it was read).");
                }
            }
        }

        using var scope = NewDisposeScope();
        var labels = tensor(bytes, dtype: ScalarType.Byte).view(records, labelBytes).to_type(ScalarType.Int64);
        CheckLabels(labels, classes, path, labelNames);
        return labels.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Checks that <paramref name="path"/> is a whole number of records of <paramref name="labelBytes"/> label byte(s) and
    /// 3072 pixel bytes, without reading it (for <c>simlap validate</c>); returns the number of records.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is empty or truncated.</exception>
    public static long CheckLength(string path, int labelBytes)
    {
        var recordBytes = labelBytes + ImageBytes;
        var length = new FileInfo(path).Length;
        var records = length / recordBytes;
        if (length == 0)
        {
            throw new InvalidDataException($"'{path}' is empty; a CIFAR binary file holds records of {recordBytes} bytes.");
        }

        if (length % recordBytes != 0)
        {
            throw new InvalidDataException(
                $"'{path}' is truncated: its data end at byte offset {length}, inside record {records}, which needs the file to be " +
                $"{(records + 1) * recordBytes} bytes long (records are {recordBytes} bytes: {labelBytes} label byte(s), then {ImageBytes} pixel bytes). " +
                "Download or copy the file again.");
        }

        return records;
    }

    /// <summary>Throws when a label byte of a record lies outside its classes, naming the record and its byte offset.</summary>
    private static void CheckLabels(Tensor labels, IReadOnlyList<int> classes, string path, IReadOnlyList<string>? labelNames)
    {
        var recordBytes = classes.Count + ImageBytes;
        for (var i = 0; i < classes.Count; i++)
        {
            var column = i;
            LabelCheck.InRange(labels.select(1, i), 0, classes[i] - 1, path, record => record * recordBytes + column, labelNames?[i] ?? "label");
        }
    }
}
