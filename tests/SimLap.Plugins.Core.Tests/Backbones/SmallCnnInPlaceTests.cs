using SimLap.Plugins.Core.Backbones;
using SimLap.Plugins.Core.Tests.Data;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Backbones;

/// <summary>
/// The small CNN's in-place ReLUs (issue #20) change no number training produces: from the same weights, the network
/// as it was before (out-of-place ReLUs, written out here) and the plugin's reach bit-identical weights, batch-norm
/// statistics and features after steps of Adam with weight decay, in training mode, as the trainer runs it.
/// </summary>
public sealed class SmallCnnInPlaceTests
{
    [Fact]
    public void TrainsToBitIdenticalWeightsAsTheOutOfPlaceNetworkItReplaced()
    {
        int[] widths = [8, 16, 12];
        var backbone = new SmallCnnBackbone(new SmallCnnOptions { Widths = widths }, VisionTestContext.Create(5, VisionTestContext.Images(3)));
        using var before = new OutOfPlaceSmallCnn(3, widths);
        using (no_grad())
        {
            foreach (var (name, tensor) in backbone.Network.state_dict())
            {
                before.state_dict()[name].copy_(tensor);
            }
        }

        var (features, expected) = (Train(backbone.Network), Train(before));

        Assert.True(Same(features, expected), "features after training differ");
        var trained = backbone.Network.state_dict();
        Assert.Equal(before.state_dict().Keys.Order(), trained.Keys.Order());
        Assert.All(before.state_dict(), entry => Assert.True(Same(entry.Value, trained[entry.Key]), $"{entry.Key} differs after training"));
        Assert.False(Same(before.state_dict()["stages.conv1.weight"], InitialConv1(widths)), "training changed the weights");
    }

    /// <summary>Four steps of Adam (weight decay 5e-4) on a loss of the features, in training mode; the last features.</summary>
    private static Tensor Train(nn.Module<Tensor, Tensor> network)
    {
        network.train();
        using var optimizer = optim.Adam(network.parameters(), 1e-3, 0.9, 0.999, 1e-8, 5e-4, false, false);
        var images = VisionTestContext.RandomImages(16, 3, 16, 11);
        Tensor? last = null;
        for (var step = 0; step < 4; step++)
        {
            using var scope = NewDisposeScope();
            var features = network.call(images.mul(1.0 + (0.1 * step)));
            var loss = features.square().mean().add(features.narrow(1, 0, 4).sum());
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            last?.Dispose();
            last = features.detach().MoveToOuterDisposeScope();
        }

        return last!;
    }

    /// <summary>Same dtype and shape, and every element equal (no tolerance).</summary>
    private static bool Same(Tensor a, Tensor b) =>
        a.dtype == b.dtype && a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    private static Tensor InitialConv1(int[] widths) =>
        new SmallCnnBackbone(new SmallCnnOptions { Widths = widths }, VisionTestContext.Create(5, VisionTestContext.Images(3))).Network.state_dict()["stages.conv1.weight"];

    /// <summary>The small CNN before issue #20: conv3x3-BN-ReLU stages with ReLUs that allocate their output.</summary>
    private sealed class OutOfPlaceSmallCnn : nn.Module<Tensor, Tensor>
    {
        private readonly Sequential stages;

        public OutOfPlaceSmallCnn(long inChannels, IReadOnlyList<int> widths) : base(nameof(OutOfPlaceSmallCnn))
        {
            var blocks = new List<(string, nn.Module<Tensor, Tensor>)>();
            var channels = inChannels;
            for (var i = 0; i < widths.Count; i++)
            {
                blocks.Add(($"conv{i + 1}", nn.Conv2d(channels, widths[i], 3, stride: i == 0 ? 1 : 2, padding: 1, bias: false)));
                blocks.Add(($"bn{i + 1}", nn.BatchNorm2d(widths[i])));
                blocks.Add(($"relu{i + 1}", nn.ReLU()));
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
}
