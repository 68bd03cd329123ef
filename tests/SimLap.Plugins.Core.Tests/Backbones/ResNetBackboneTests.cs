using SimLap.Contracts.Model;
using SimLap.Contracts.Testing;
using SimLap.Plugins.Core.Backbones;
using SimLap.Plugins.Core.Tests.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Backbones;

/// <summary>resnet18, resnet34 and resnet50: torchvision's stages behind this project's stem, without fc.</summary>
public sealed class ResNetBackboneTests
{
    private static IBackbone ResNet(int depth, bool cifarStem = false, bool zeroInit = false, int channels = 3, long seed = 1, int size = 32)
    {
        var options = new ResNetOptions { CifarStem = cifarStem, ZeroInitResidual = zeroInit };
        var context = VisionTestContext.Create(seed, VisionTestContext.Images(channels, size));
        return depth switch
        {
            18 => new ResNet18Backbone(options, context),
            34 => new ResNet34Backbone(options, context),
            50 => new ResNet50Backbone(options, context),
            _ => throw new ArgumentOutOfRangeException(nameof(depth)),
        };
    }

    [Theory]
    // torchvision's parameter counts less fc: 11,689,512 - 513,000; 21,797,672 - 513,000; 25,557,032 - 2,049,000.
    [InlineData(18, 512L, 11_176_512L)]
    [InlineData(34, 512L, 21_284_672L)]
    [InlineData(50, 2048L, 23_508_032L)]
    public void EachDepthHasTorchvisionsLayoutWithoutTheClassifier(int depth, long features, long parameters)
    {
        var backbone = ResNet(depth);

        Assert.Equal(features, backbone.FeatureDim);
        Assert.Equal(parameters, backbone.Network.parameters().Sum(p => p.numel()));
        Assert.Equal(new long[] { 64, 3, 7, 7 }, Parameter(backbone, "conv1.weight").shape);
        Assert.DoesNotContain(backbone.Network.named_parameters(), named => named.name.StartsWith("fc.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(32, false)]
    [InlineData(48, false)]
    [InlineData(16, true)]
    [InlineData(24, true)]
    public void ResNet50MapsImagesOfSeveralSizesToItsFeatureDimension(int size, bool cifarStem)
    {
        using var scope = NewDisposeScope();
        var backbone = ResNet(50, cifarStem);

        ShapeChecks.OutputShape(backbone.Network, VisionTestContext.RandomImages(2, 3, size, 5), 2, 2048);
    }

    [Fact]
    public void TheCifarStemIsAStrideOneConv3x3WithoutMaxPoolForTheDataSetsChannels()
    {
        var cifar = ResNet(18, cifarStem: true, channels: 1, size: 8);
        var imagenet = ResNet(18, cifarStem: false, channels: 1, size: 8);

        Assert.Equal(new long[] { 64, 1, 3, 3 }, Parameter(cifar, "conv1.weight").shape);
        Assert.Equal(new long[] { 64, 1, 7, 7 }, Parameter(imagenet, "conv1.weight").shape);
        Assert.Equal(new long[] { 1, 1 }, Stem(cifar).stride);
        Assert.Equal(new long[] { 2, 2 }, Stem(imagenet).stride);
        Assert.Empty(cifar.Network.modules().OfType<TorchSharp.Modules.MaxPool2d>());
        Assert.Single(imagenet.Network.modules().OfType<TorchSharp.Modules.MaxPool2d>());

        using var scope = NewDisposeScope();
        Assert.Equal(new[] { 2L, 512L }, cifar.Network.call(VisionTestContext.RandomImages(2, 1, 8, 3)).shape);
    }

    [Theory]
    [InlineData(18)]
    [InlineData(50)]
    public void GradientsReachEveryParameter(int depth)
    {
        using var scope = NewDisposeScope();
        var backbone = ResNet(depth);

        // 48 px: layer4 is 2x2, so its batch norms see 8 values per channel (with 2 they would pass almost no gradient).
        ModuleChecks.GradientsReachEveryParameter(backbone.Network, VisionTestContext.RandomImages(2, 3, 48, 7));
    }

    [Fact]
    public void TheInitialisationComesFromTheComponentGenerator()
    {
        var first = ResNet(18, seed: 3);
        var same = ResNet(18, seed: 3);
        var other = ResNet(18, seed: 4);

        foreach (var name in new[] { "conv1.weight", "layer3.1.conv2.weight", "layer4.0.downsample.0.weight" })
        {
            Assert.True(Parameter(first, name).eq(Parameter(same, name)).all().item<bool>(), name);
            Assert.False(Parameter(first, name).allclose(Parameter(other, name)), name);
        }

        // He-normal over fan-out 256 * 3 * 3, as torchvision.
        Assert.InRange(Parameter(first, "layer3.1.conv2.weight").std().item<float>(), 0.028f, 0.031f);
    }

    [Theory]
    [InlineData(18, "bn2", "bn1")]
    [InlineData(50, "bn3", "bn2")]
    public void ZeroInitResidualZeroesTheLastNormOfEveryBlockOnly(int depth, string last, string other)
    {
        var plain = ResNet(depth);
        var zeroed = ResNet(depth, zeroInit: true);

        var lastNorms = zeroed.Network.named_parameters().Where(p => p.name.EndsWith($".{last}.weight", StringComparison.Ordinal)).ToList();
        Assert.Equal(depth == 18 ? 8 : 16, lastNorms.Count);
        Assert.All(lastNorms, p => Assert.Equal(0f, p.parameter.abs().sum().item<float>()));
        Assert.All(zeroed.Network.named_parameters().Where(p => p.name.EndsWith($".{other}.weight", StringComparison.Ordinal)), p => Assert.Equal(1f, p.parameter.min().item<float>()));
        Assert.All(plain.Network.named_parameters().Where(p => p.name.EndsWith($".{last}.weight", StringComparison.Ordinal)), p => Assert.Equal(1f, p.parameter.min().item<float>()));
    }

    [Theory]
    [InlineData(18, true)]
    [InlineData(50, false)]
    public void AFewTrainingStepsReduceTheLossOnTinyData(int depth, bool cifarStem)
    {
        var backbone = ResNet(depth, cifarStem, size: 16);
        Assert.True(BackboneTraining.LossFallsOverSteps(backbone, channels: 3, size: cifarStem ? 16 : 32, steps: 4));
    }

    [Fact]
    public void ACheckpointRoundTripRestoresTheWeightsAndStatistics()
    {
        using var scope = NewDisposeScope();
        var trained = ResNet(50, seed: 1);
        var images = VisionTestContext.RandomImages(2, 3, 32, 9);
        trained.Network.call(images); // updates BN running statistics
        var path = Path.Combine(Path.GetTempPath(), $"resnet50-{Guid.NewGuid():N}.dat");
        try
        {
            trained.Network.save(path);
            var restored = ResNet(50, seed: 2);
            restored.Network.load(path);

            trained.Network.eval();
            restored.Network.eval();
            Assert.True(trained.Network.call(images).allclose(restored.Network.call(images), rtol: 0, atol: 0));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static TorchSharp.Modules.Conv2d Stem(IBackbone backbone) =>
        (TorchSharp.Modules.Conv2d)backbone.Network.named_children().Single(child => child.name == "conv1").module;

    private static Tensor Parameter(IBackbone backbone, string name) =>
        backbone.Network.named_parameters().Single(named => named.name == name).parameter;
}
