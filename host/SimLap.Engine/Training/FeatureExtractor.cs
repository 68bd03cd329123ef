using SimLap.Contracts.Data;
using SimLap.Contracts.Evaluation;
using SimLap.Contracts.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Engine.Training;

/// <summary>
/// The frozen encoder: features of uint8 images in batches, without gradients, in evaluation mode; the backbone
/// alone, or followed by the projector when one is given (embeddings).
/// </summary>
/// <remarks>
/// Given the data the encoder was trained on, images of another data set (transfer) are adapted to it: grey images
/// repeated to three channels (or colour averaged to one) and resized bilinearly to the trained resolution.
/// <c>cancellation</c> is checked before every batch, so an evaluator that encodes is interrupted within a batch.
/// </remarks>
public sealed class FeatureExtractor(IBackbone backbone, Device device, int batchSize, IProjector? projector = null, DatasetInfo? trainedOn = null, CancellationToken cancellation = default) : IFeatureExtractor
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
                cancellation.ThrowIfCancellationRequested();
                using var scope = torch.NewDisposeScope();
                var length = Math.Min(batchSize, count - start);
                var batch = Adapt(images.narrow(0, start, length).to(device).to_type(ScalarType.Float32).div_(255));
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

    private Tensor Adapt(Tensor batch)
    {
        if (trainedOn is null)
        {
            return batch;
        }

        var channels = batch.shape[1];
        if (channels != trainedOn.Channels)
        {
            batch = channels == 1 ? batch.expand(-1, trainedOn.Channels, -1, -1) : batch.mean([1], keepdim: true).expand(-1, trainedOn.Channels, -1, -1);
        }

        return batch.shape[2] == trainedOn.Height && batch.shape[3] == trainedOn.Width
            ? batch
            : nn.functional.interpolate(batch, [trainedOn.Height, trainedOn.Width], mode: InterpolationMode.Bilinear, align_corners: false);
    }
}
