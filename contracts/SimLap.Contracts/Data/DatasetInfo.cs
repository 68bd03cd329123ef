namespace SimLap.Contracts.Data;

/// <summary>The shape and classes of a data set's images.</summary>
/// <param name="Name">A display name.</param>
/// <param name="Channels">Channels per image (1 or 3).</param>
/// <param name="Height">Image height in pixels.</param>
/// <param name="Width">Image width in pixels.</param>
/// <param name="ClassNames">One name per class, in label order; empty for label-free data.</param>
public sealed record DatasetInfo(string Name, int Channels, int Height, int Width, IReadOnlyList<string> ClassNames)
{
    /// <summary>The number of classes (0 for label-free data).</summary>
    public int NumClasses => ClassNames.Count;
}
