using SimLap.Contracts.Data;
using SimLap.Contracts.Evaluation;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Evaluators;

/// <summary>
/// A fake encoder with arbitrary float features: image i is a 1x1x2 "image" holding its row index (high byte, low byte),
/// and its features are row i of a table.
/// </summary>
internal sealed class TableFeatures(Tensor table) : IFeatureExtractor
{
    public long FeatureDim => table.shape[1];

    public int Calls { get; private set; }

    public Tensor Extract(Tensor images)
    {
        Calls++;
        var bytes = images.reshape(images.shape[0], -1).to(ScalarType.Int64);
        var rows = bytes.select(1, 0).mul(256).add(bytes.select(1, 1));
        return table.index_select(0, rows);
    }

    /// <summary>Images 0..count-1 that point at table rows <paramref name="offset"/>..offset+count-1.</summary>
    public static ImageSet Images(long offset, long count, Tensor labels)
    {
        var rows = arange(offset, offset + count, dtype: ScalarType.Int64);
        var images = stack([rows.div(256, rounding_mode: RoundingMode.floor), rows.remainder(256)], 1).to(ScalarType.Byte).reshape(count, 1, 1, 2);
        return new ImageSet(images, labels);
    }
}
