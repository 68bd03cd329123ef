using SimLap.Contracts.Evaluation;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Evaluators;

/// <summary>A fake encoder whose features are the image bytes, flattened, as floats.</summary>
internal sealed class KnnTestFeatures(long featureDim) : IFeatureExtractor
{
    public long FeatureDim { get; } = featureDim;

    public Tensor Extract(Tensor images) => images.reshape(images.shape[0], -1).to(ScalarType.Float32);
}
