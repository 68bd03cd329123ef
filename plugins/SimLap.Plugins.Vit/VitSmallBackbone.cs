using SimLap.Contracts.Components;
using SimLap.Contracts.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Vit;

/// <summary>ViT-Small (width 384, 12 blocks, 6 heads by default): patch embedding, pre-norm transformer blocks, class token or mean pooling.</summary>
[SimLapComponent("vit-small", Description = "ViT-Small: width 384, depth 12, 6 heads, MLP ratio 4; patch 4 up to 64 px, else 16.")]
public sealed class VitSmallBackbone : IBackbone
{
    /// <summary>Builds the network for the data set's channels and image size, initialised from the component's generator.</summary>
    public VitSmallBackbone(VitSmallOptions options, ComponentContext context)
    {
        Network = VitBuilder.Build(options, context);
        FeatureDim = options.Width;
    }

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Network { get; }

    /// <inheritdoc />
    public long FeatureDim { get; }
}
