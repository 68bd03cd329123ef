using SimLap.Contracts.Components;
using SimLap.Contracts.Model;
using SimLap.Plugins.Core.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Backbones;

/// <summary>ResNet-18 with the CIFAR stem (3x3 conv, stride 1, no max-pool), basic blocks [2, 2, 2, 2]; features are 8 x width.</summary>
[SimLapComponent("resnet18-cifar", Description = "ResNet-18 with the CIFAR stem (3x3 conv, no max-pool).")]
public sealed class ResNet18CifarBackbone : IBackbone
{
    private static readonly int[] Blocks = [2, 2, 2, 2];

    /// <summary>Builds the network for the data set's channels, initialised from the component's generator.</summary>
    public ResNet18CifarBackbone(ResNet18CifarOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        var network = new ResNetCifarNetwork(context.RequireData().Channels, options.Width, Blocks);
        ModuleInit.Initialize(network, context.Generator);
        Network = network.to(context.Device);
        FeatureDim = 8L * options.Width;
    }

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Network { get; }

    /// <inheritdoc />
    public long FeatureDim { get; }
}
