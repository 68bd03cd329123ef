using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Backbones;

/// <summary>
/// A ResNet with the CIFAR stem (conv3x3 stride 1, no max-pool) and four stages of basic blocks with
/// width, 2x, 4x and 8x channels (strides 1, 2, 2, 2), then global average pooling to [B, 8 x width].
/// </summary>
internal sealed class ResNetCifarNetwork : nn.Module<Tensor, Tensor>
{
    private readonly Sequential stem;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;

    public ResNetCifarNetwork(long inChannels, long width, IReadOnlyList<int> blocks) : base(nameof(ResNetCifarNetwork))
    {
        stem = nn.Sequential(
            ("conv", nn.Conv2d(inChannels, width, 3, stride: 1, padding: 1, bias: false)),
            ("bn", nn.BatchNorm2d(width)),
            ("relu", nn.ReLU()));
        var channels = width;
        layer1 = Stage(ref channels, width, blocks[0], 1);
        layer2 = Stage(ref channels, 2 * width, blocks[1], 2);
        layer3 = Stage(ref channels, 4 * width, blocks[2], 2);
        layer4 = Stage(ref channels, 8 * width, blocks[3], 2);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var x0 = stem.call(input);
        using var x1 = layer1.call(x0);
        using var x2 = layer2.call(x1);
        using var x3 = layer3.call(x2);
        using var x4 = layer4.call(x3);
        return x4.mean([2, 3]);
    }

    private static Sequential Stage(ref long channels, long outChannels, int count, long stride)
    {
        var stage = new List<(string, nn.Module<Tensor, Tensor>)>();
        for (var i = 0; i < count; i++)
        {
            stage.Add(($"{i}", new BasicBlock(channels, outChannels, i == 0 ? stride : 1)));
            channels = outChannels;
        }

        return nn.Sequential(stage);
    }
}
