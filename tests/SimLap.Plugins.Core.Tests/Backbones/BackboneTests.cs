using SimLap.Contracts.Model;
using SimLap.Contracts.Testing;
using SimLap.Plugins.Core.Backbones;
using SimLap.Plugins.Core.Tests.Data;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Backbones;

public sealed class BackboneTests
{
    private static IBackbone SmallCnn(int[] widths, int channels = 3, long seed = 1) =>
        new SmallCnnBackbone(new SmallCnnOptions { Widths = widths }, VisionTestContext.Create(seed, VisionTestContext.Images(channels)));

    private static IBackbone ResNet(int width, int channels = 3, long seed = 1) =>
        new ResNet18CifarBackbone(new ResNet18CifarOptions { Width = width }, VisionTestContext.Create(seed, VisionTestContext.Images(channels)));

    [Fact]
    public void SmallCnnMapsImagesToFeaturesAndGradientsReachTheFirstConv()
    {
        var backbone = SmallCnn([8, 16, 12]);
        AssertForwardAndBackward(backbone, channels: 3, size: 16, firstConv: "stages.conv1.weight");
        Assert.Equal(12L, backbone.FeatureDim);
    }

    [Fact]
    public void ResNet18CifarMapsImagesToFeaturesAndGradientsReachTheStem()
    {
        var backbone = ResNet(8);
        AssertForwardAndBackward(backbone, channels: 3, size: 16, firstConv: "stem.conv.weight");
        Assert.Equal(64L, backbone.FeatureDim);
    }

    [Fact]
    public void BackbonesTakeTheDataSetsChannels()
    {
        AssertForwardAndBackward(SmallCnn([4], channels: 1), channels: 1, size: 8, firstConv: "stages.conv1.weight");
        AssertForwardAndBackward(ResNet(4, channels: 1), channels: 1, size: 8, firstConv: "stem.conv.weight");
        Assert.Equal(new long[] { 4, 1, 3, 3 }, Parameter(SmallCnn([4], channels: 1), "stages.conv1.weight").shape);
    }

    [Fact]
    public void ResNet18CifarHasTheStandardLayout()
    {
        // ResNet-18 with the CIFAR stem and without the classifier: 11,168,832 parameters at width 64.
        var backbone = ResNet(64);
        var parameters = backbone.Network.parameters().Sum(parameter => parameter.numel());
        Assert.Equal(11_168_832L, parameters);
        Assert.Equal(512L, backbone.FeatureDim);
        Assert.Equal(new long[] { 64, 3, 3, 3 }, Parameter(backbone, "stem.conv.weight").shape);
        Assert.Equal(new long[] { 512, 256, 1, 1 }, Parameter(backbone, "layer4.0.shortcut.conv.weight").shape);
        Assert.DoesNotContain(backbone.Network.named_parameters(), named => named.name.StartsWith("layer1.0.shortcut", StringComparison.Ordinal));
    }

    [Fact]
    public void WeightsComeFromTheComponentGenerator()
    {
        var first = SmallCnn([8, 8], seed: 3);
        var same = SmallCnn([8, 8], seed: 3);
        var other = SmallCnn([8, 8], seed: 4);

        var weight = Parameter(first, "stages.conv2.weight");
        Assert.True(weight.allclose(Parameter(same, "stages.conv2.weight"), rtol: 0, atol: 0));
        Assert.False(weight.allclose(Parameter(other, "stages.conv2.weight")));
        // He-normal over fan-out 8 * 3 * 3: std sqrt(2 / 72).
        Assert.InRange(weight.std().item<float>(), 0.12f, 0.21f);
    }

    private static void AssertForwardAndBackward(IBackbone backbone, int channels, int size, string firstConv)
    {
        using var scope = NewDisposeScope();
        var images = VisionTestContext.RandomImages(4, channels, size, 17);
        var features = ShapeChecks.OutputShape(backbone.Network, images, 4, backbone.FeatureDim);

        features.square().sum().backward();
        var gradient = Parameter(backbone, firstConv).grad;
        Assert.NotNull(gradient);
        Assert.True(gradient.abs().sum().item<float>() > 0f);
    }

    private static Tensor Parameter(IBackbone backbone, string name) =>
        backbone.Network.named_parameters().Single(named => named.name == name).parameter;
}
