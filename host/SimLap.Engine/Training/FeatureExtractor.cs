using SimLap.Contracts.Evaluation;
using SimLap.Contracts.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Engine.Training;

/// <summary>The frozen backbone: features of uint8 images in batches, without gradients, in evaluation mode.</summary>
public sealed class FeatureExtractor(IBackbone backbone, Device device, int batchSize) : IFeatureExtractor
{
    /// <inheritdoc />
    public long FeatureDim => backbone.FeatureDim;

    /// <inheritdoc />
    public Tensor Extract(Tensor images)
    {
        var wasTraining = backbone.Network.training;
        backbone.Network.eval();
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
                features.narrow(0, start, length).copy_(backbone.Network.call(batch));
            }

            return features;
        }
        finally
        {
            backbone.Network.train(wasTraining);
        }
    }
}
