using SimLap.Contracts.Components;
using SimLap.Contracts.Model;
using SimLap.Plugins.Core.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Backbones;

/// <summary>A small, fast CNN for small images: conv3x3-BN-ReLU stages with stride-2 downsampling and global average pooling.</summary>
[SimLapComponent("small-cnn", Description = "Small CNN: conv3x3-BN-ReLU stages (stride 2), global average pool.")]
public sealed class SmallCnnBackbone : IBackbone
{
    /// <summary>Builds the network for the data set's channels, initialised from the component's generator.</summary>
    public SmallCnnBackbone(SmallCnnOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        var network = new SmallCnnNetwork(context.RequireData().Channels, options.Widths);
        ModuleInit.Initialize(network, context.Generator);
        Network = network.to(context.Device);
        FeatureDim = options.Widths[^1];
    }

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Network { get; }

    /// <inheritdoc />
    public long FeatureDim { get; }
}
