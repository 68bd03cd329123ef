using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Data.Formats;

/// <summary>Checks a whole label tensor at once and names the first bad record: never a silent wrong label.</summary>
public static class LabelCheck
{
    /// <summary>
    /// Throws when a label of <paramref name="labels"/> (any integer dtype, [N]) lies outside
    /// [<paramref name="low"/>, <paramref name="high"/>]; <paramref name="offsetOf"/> gives a record's byte offset in the file.
    /// </summary>
    /// <exception cref="InvalidDataException">A label is out of range; the message names the file, record, offset, value and range.</exception>
    public static void InRange(Tensor labels, long low, long high, string path, Func<long, long> offsetOf, string what = "label")
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(offsetOf);
        using var scope = NewDisposeScope();
        var wide = labels.to_type(ScalarType.Int64);
        var bad = wide.lt(low).logical_or(wide.gt(high)).nonzero();
        if (bad.shape[0] == 0)
        {
            return;
        }

        var record = bad[0, 0].item<long>();
        var value = wide[record].item<long>();
        throw new InvalidDataException(
            $"'{path}': record {record} (byte offset {offsetOf(record)}) has {what} {value}, but {what}s must lie in {low}..{high} " +
            $"({bad.shape[0]} record(s) are out of range). The file is corrupt, or it is not the file this data set expects.");
    }
}
