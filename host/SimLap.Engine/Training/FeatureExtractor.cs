using SimLap.Contracts.Evaluation;
using SimLap.Contracts.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Engine.Training;

/// <summary>
/// The frozen encoder: features of uint8 images in batches, without gradients, in evaluation mode; the backbone
/// alone, or followed by the projector when one is given (embeddings).
/// </summary>
public sealed class FeatureExtractor(IBackbone backbone, Device device, int batchSize, IProjector? projector = null) : IFeatureExtractor
{
    /// <inheritdoc />
    public long FeatureDim => projector?.OutDim ?? backbone.FeatureDim;

    /// <inheritdoc />
    public Tensor Extract(Tensor images)
    {
        var wasTraining = backbone.Network.training;
        backbone.Network.eval();
        projector?.Network.eval();
        try
        {
            using var noGrad = torch.no_grad();
            var count = images.shape[0];
            var features = torch.empty(count, FeatureDim, dtype: ScalarType.Float32, device: device);
            for (long start = 0; start < count; start += batchSize)
            {
                using var scope = torch.NewDisposeScope();
                var length = Math.Min(batchSize, count - start);
                var batch = images.narrow(0, start, length).to(device).to_type(ScalarType.Float32).div_(255);
                var output = backbone.Network.call(batch);
                features.narrow(0, start, length).copy_(projector is null ? output : projector.Network.call(output));
            }

            return features;
        }
        finally
        {
            backbone.Network.train(wasTraining);
            projector?.Network.train(wasTraining);
        }
    }
}
