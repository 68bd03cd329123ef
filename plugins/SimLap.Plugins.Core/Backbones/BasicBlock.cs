using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Backbones;

/// <summary>The ResNet basic block: two conv3x3-BN with a (projected when the shape changes) shortcut, then ReLU.</summary>
internal sealed class BasicBlock : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> conv1;
    private readonly nn.Module<Tensor, Tensor> bn1;
    private readonly nn.Module<Tensor, Tensor> conv2;
    private readonly nn.Module<Tensor, Tensor> bn2;
    private readonly nn.Module<Tensor, Tensor> shortcut;

    public BasicBlock(long inChannels, long outChannels, long stride) : base(nameof(BasicBlock))
    {
        conv1 = nn.Conv2d(inChannels, outChannels, 3, stride: stride, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(outChannels);
        conv2 = nn.Conv2d(outChannels, outChannels, 3, stride: 1, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(outChannels);
        shortcut = stride != 1 || inChannels != outChannels
            ? nn.Sequential(
                ("conv", nn.Conv2d(inChannels, outChannels, 1, stride: stride, bias: false)),
                ("bn", nn.BatchNorm2d(outChannels)))
            : nn.Identity();
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var a = conv1.call(input);
        using var b = bn1.call(a);
        using var c = nn.functional.relu(b);
        using var d = conv2.call(c);
        using var e = bn2.call(d);
        using var skip = shortcut.call(input);
        using var sum = e.add(skip);
        return nn.functional.relu(sum);
    }
}
