using SimLap.Contracts.Components;
using SimLap.Contracts.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Backbones;

/// <summary>torchvision's ResNet-50 (bottleneck blocks [3, 4, 6, 3]) without the classifier; features are 2048-dimensional.</summary>
[SimLapComponent("resnet50", Description = "torchvision ResNet-50 without fc (2048 features); ImageNet stem, or cifar_stem: true.")]
public sealed class ResNet50Backbone : IBackbone
{
    /// <summary>Builds the network for the data set's channels, initialised from the component's generator.</summary>
    public ResNet50Backbone(ResNetOptions options, ComponentContext context) =>
        Network = TorchVisionResNet.Build(() => torchvision.models.resnet50(num_classes: 1), options, context);

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Network { get; }

    /// <inheritdoc />
    public long FeatureDim => 2048;
}
