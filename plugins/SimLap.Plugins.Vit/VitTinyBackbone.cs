using SimLap.Contracts.Components;
using SimLap.Contracts.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Vit;

/// <summary>ViT-Tiny (width 192, 12 blocks, 3 heads by default): patch embedding, pre-norm transformer blocks, class token or mean pooling.</summary>
[SimLapComponent("vit-tiny", Description = "ViT-Tiny: width 192, depth 12, 3 heads, MLP ratio 4; patch 4 up to 64 px, else 16.")]
public sealed class VitTinyBackbone : IBackbone
{
    /// <summary>Builds the network for the data set's channels and image size, initialised from the component's generator.</summary>
    public VitTinyBackbone(VitTinyOptions options, ComponentContext context)
    {
        Network = VitBuilder.Build(options, context);
        FeatureDim = options.Width;
    }

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Network { get; }

    /// <inheritdoc />
    public long FeatureDim { get; }
}
