using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Backbones;

/// <summary>
/// A torchvision ResNet without its classifier: this project's stem (for the data set's channels, ImageNet or CIFAR
/// form), the four residual stages built by TorchSharp's TorchVision, then global average pooling to [B, features].
/// Parameter names follow torchvision's (conv1, bn1, layer1..layer4), so a torchvision state dict minus fc loads.
/// </summary>
internal sealed class TorchVisionResNetNetwork : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly nn.Module<Tensor, Tensor> maxpool;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;

    /// <param name="inChannels">Channels of the input images.</param>
    /// <param name="stages">A torchvision ResNet whose residual stages are taken over (its stem and fc are disposed).</param>
    /// <param name="cifarStem">conv3x3 stride 1 without max-pool instead of conv7x7 stride 2 with max-pool.</param>
    public TorchVisionResNetNetwork(long inChannels, ResNet stages, bool cifarStem) : base(nameof(TorchVisionResNetNetwork))
    {
        // TorchVision's stem is fixed at 3 input channels and 7x7 stride 2, and its forward always applies fc: so only
        // the stages are reused, and the stem and pooling are this class's.
        var children = stages.named_children().ToDictionary(child => child.name, child => child.module);
        conv1 = cifarStem
            ? nn.Conv2d(inChannels, 64, 3, stride: 1, padding: 1, bias: false)
            : nn.Conv2d(inChannels, 64, 7, stride: 2, padding: 3, bias: false);
        bn1 = nn.BatchNorm2d(64);
        maxpool = cifarStem ? nn.Identity() : nn.MaxPool2d(3, stride: 2, padding: 1);
        layer1 = (Sequential)children["layer1"];
        layer2 = (Sequential)children["layer2"];
        layer3 = (Sequential)children["layer3"];
        layer4 = (Sequential)children["layer4"];
        foreach (var unused in new[] { "conv1", "bn1", "fc" })
        {
            children[unused].Dispose();
        }

        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var a = conv1.call(input);
        using var b = bn1.call(a);
        using var c = nn.functional.relu(b);
        using var x0 = maxpool.call(c);
        using var x1 = layer1.call(x0);
        using var x2 = layer2.call(x1);
        using var x3 = layer3.call(x2);
        using var x4 = layer4.call(x3);
        return x4.mean([2, 3]);
    }
}
