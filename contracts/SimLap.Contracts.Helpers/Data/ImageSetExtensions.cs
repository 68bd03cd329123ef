using TorchSharp;

namespace SimLap.Contracts.Data;

/// <summary>Subsets of an <see cref="ImageSet"/>, in memory or read on demand.</summary>
public static class ImageSetExtensions
{
    /// <summary>
    /// The images and labels at <paramref name="indices"/> as a new set: copied for a set in memory, otherwise a view of
    /// the same source, which both sets then own (sources dispose idempotently, so disposing both is harmless).
    /// </summary>
    public static ImageSet Subset(this ImageSet set, torch.Tensor indices)
    {
        ArgumentNullException.ThrowIfNull(set);
        var labels = set.Labels?.index_select(0, indices);
        return set.Source is { } source
            ? new ImageSet(new SubsetImageSource(source, indices), labels)
            : new ImageSet(set.Images.index_select(0, indices), labels);
    }
}
