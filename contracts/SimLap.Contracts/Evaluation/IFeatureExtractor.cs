using static TorchSharp.torch;

namespace SimLap.Contracts.Evaluation;

/// <summary>The frozen encoder, as evaluators see it.</summary>
public interface IFeatureExtractor
{
    /// <summary>
    /// Images read per part when a set is read on demand: bounds the memory an extraction needs. The features of a whole
    /// set are SimLap.Contracts.Helpers' <c>extractor.Extract(set)</c>.
    /// </summary>
    const long ImagesPerPart = 4096;

    /// <summary>The feature dimension.</summary>
    long FeatureDim { get; }

    /// <summary>Backbone features of uint8 images [N, C, H, W], computed in batches without gradients: float [N, F] on the device.</summary>
    Tensor Extract(Tensor images);
}
