using SimLap.Bench;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Engine.Tests.Bench;

/// <summary>
/// The benchmark's FLOP counter (bench/SimLap.Bench/FlopCounter.cs, compiled into this project): it counts from the
/// shapes of one forward pass what is computed here by hand, 2 FLOPs per multiply-add.
/// </summary>
public sealed class FlopCounterTests
{
    [Fact]
    public void CountsConvolutionsGroupedConvolutionsAndLinearLayersPerImageAsComputedByHand()
    {
        // [3, 8, 8] -> conv 3->4 3x3 pad 1: 4 x 8 x 8 outputs x 27 multiply-adds = 2 x 256 x 27 = 13,824 FLOPs;
        // -> conv 4->8 3x3 stride 2 pad 1, 2 groups: 8 x 4 x 4 outputs x (2 x 9) = 2 x 128 x 18 = 4,608;
        // -> flatten 128 -> linear 128->10: 2 x 10 x 128 = 2,560. Forward 20,992 per image.
        using var network = nn.Sequential(
            ("conv1", nn.Conv2d(3, 4, 3, padding: 1, bias: false)),
            ("relu", nn.ReLU()),
            ("conv2", nn.Conv2d(4, 8, 3, stride: 2, padding: 1, groups: 2, bias: false)),
            ("flatten", nn.Flatten()),
            ("fc", nn.Linear(128, 10)));

        var count = FlopCounter.Forward(network, [5, 3, 8, 8]);

        Assert.Equal(13_824 + 4_608, count.Convolution);
        Assert.Equal(2_560, count.Linear);
        Assert.Equal(13_824, count.FirstConvolution);
        Assert.Equal(20_992, count.Forward);
        // Forward + backward (input and weight gradients) = 3 x forward, less the first layer's unneeded input gradient.
        Assert.Equal((3 * 20_992) - 13_824, count.Training);
    }

    [Fact]
    public void CountsTheSmallCnnOfTheBenchAsItsLayerShapesSay()
    {
        // 28 px: conv 3->32 at 28x28 (2 x 32 x 784 x 27 = 1,354,752), 32->64 stride 2 at 14x14 (2 x 64 x 196 x 288 = 7,225,344),
        // 64->128 stride 2 at 7x7 (2 x 128 x 49 x 576 = 7,225,344).
        using var network = HandModels.SmallCnn(3, [32, 64, 128]);

        var count = FlopCounter.Forward(network, [2, 3, 28, 28]);

        Assert.Equal(1_354_752 + 7_225_344 + 7_225_344, count.Convolution);
        Assert.Equal(0, count.Linear);
        Assert.True(network.training, "the counter puts the network back in training mode");
    }
}
