using SimLap.Contracts.Data;
using static TorchSharp.torch;

namespace SimLap.Contracts.Evaluation;

/// <summary>The frozen encoder, as evaluators see it.</summary>
public interface IFeatureExtractor
{
    /// <summary>Images read per part when a set is read on demand: bounds the memory an extraction needs.</summary>
    const long ImagesPerPart = 4096;

    /// <summary>The feature dimension.</summary>
    long FeatureDim { get; }

    /// <summary>Backbone features of uint8 images [N, C, H, W], computed in batches without gradients: float [N, F] on the device.</summary>
    Tensor Extract(Tensor images);

    /// <summary>
    /// Features of every image of <paramref name="set"/>, float [N, F] on the device; a set read on demand is read
    /// <see cref="ImagesPerPart"/> images at a time, so only its features are ever held whole.
    /// </summary>
    Tensor Extract(ImageSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (set.InMemory)
        {
            return Extract(set.Images);
        }

        var parts = new List<Tensor>();
        try
        {
            for (long start = 0; start < set.Count; start += ImagesPerPart)
            {
                using var scope = NewDisposeScope();
                parts.Add(Extract(set.Slice(start, Math.Min(ImagesPerPart, set.Count - start))).MoveToOuterDisposeScope());
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
