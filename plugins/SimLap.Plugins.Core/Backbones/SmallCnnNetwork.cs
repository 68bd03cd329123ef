using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Backbones;

/// <summary>
/// A plain CNN: one conv3x3-BN-ReLU block per stage (stride 1 in the first stage, stride 2 after), then global
/// average pooling to [B, last width]. The ReLUs work in place on the norms' outputs (which nothing else reads: batch
/// norm's backward needs its input, and ReLU's its output, the same test x &gt; 0): the same numbers, bit for bit, with one
/// activation buffer per stage kept for the backward pass instead of two (issue #20).
/// </summary>
internal sealed class SmallCnnNetwork : nn.Module<Tensor, Tensor>
{
    private readonly Sequential stages;

    public SmallCnnNetwork(long inChannels, IReadOnlyList<int> widths) : base(nameof(SmallCnnNetwork))
    {
        var blocks = new List<(string, nn.Module<Tensor, Tensor>)>();
        var channels = inChannels;
        for (var i = 0; i < widths.Count; i++)
        {
            var stride = i == 0 ? 1 : 2;
            blocks.Add(($"conv{i + 1}", nn.Conv2d(channels, widths[i], 3, stride: stride, padding: 1, bias: false)));
            blocks.Add(($"bn{i + 1}", nn.BatchNorm2d(widths[i])));
            blocks.Add(($"relu{i + 1}", nn.ReLU(inplace: true)));
            channels = widths[i];
        }

        stages = nn.Sequential(blocks);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var features = stages.call(input);
        return features.mean([2, 3]);
    }
}
