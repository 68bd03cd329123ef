using SimLap.Contracts.Data;
using static TorchSharp.torch;

namespace SimLap.Contracts.Evaluation;

/// <summary>Features of a whole <see cref="ImageSet"/>, in memory or read on demand.</summary>
public static class FeatureExtractorExtensions
{
    /// <summary>
    /// Features of every image of <paramref name="set"/>, float [N, F] on the device; a set read on demand is read
    /// <see cref="IFeatureExtractor.ImagesPerPart"/> images at a time, so only its features are ever held whole.
    /// </summary>
    public static Tensor Extract(this IFeatureExtractor extractor, ImageSet set)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        ArgumentNullException.ThrowIfNull(set);
        if (set.InMemory)
        {
            return extractor.Extract(set.Images);
        }

        var parts = new List<Tensor>();
        try
        {
            for (long start = 0; start < set.Count; start += IFeatureExtractor.ImagesPerPart)
            {
                using var scope = NewDisposeScope();
                var images = set.Slice(start, Math.Min(IFeatureExtractor.ImagesPerPart, set.Count - start));
                parts.Add(extractor.Extract(images).MoveToOuterDisposeScope());
            }

            return parts.Count == 1 ? parts[0] : cat(parts, 0);
        }
        finally
        {
            if (parts.Count > 1)
            {
                parts.ForEach(part => part.Dispose());
            }
        }
    }
}
