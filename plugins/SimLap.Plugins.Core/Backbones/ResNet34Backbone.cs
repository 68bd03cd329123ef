using SimLap.Contracts.Components;
using SimLap.Contracts.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Backbones;

/// <summary>torchvision's ResNet-34 (basic blocks [3, 4, 6, 3]) without the classifier; features are 512-dimensional.</summary>
[SimLapComponent("resnet34", Description = "torchvision ResNet-34 without fc (512 features); ImageNet stem, or cifar_stem: true.")]
public sealed class ResNet34Backbone : IBackbone
{
    /// <summary>Builds the network for the data set's channels, initialised from the component's generator.</summary>
    public ResNet34Backbone(ResNetOptions options, ComponentContext context) =>
        Network = TorchVisionResNet.Build(() => torchvision.models.resnet34(num_classes: 1), options, context);

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Network { get; }

    /// <inheritdoc />
    public long FeatureDim => 512;
}
