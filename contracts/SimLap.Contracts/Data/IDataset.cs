namespace SimLap.Contracts.Data;

/// <summary>A source of images and labels (<c>data:</c> in YAML).</summary>
public interface IDataset
{
    /// <summary>The shape and classes of the images.</summary>
    DatasetInfo Info { get; }

    /// <summary>Loads one split into memory. The caller owns (and disposes) the result.</summary>
    ImageSet Load(DatasetSplit split);
}
