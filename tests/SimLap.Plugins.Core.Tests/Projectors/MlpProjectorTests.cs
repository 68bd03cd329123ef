using SimLap.Plugins.Core.Projectors;
using SimLap.Plugins.Core.Tests.Data;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Projectors;

public sealed class MlpProjectorTests
{
    private static MlpProjector Create(MlpProjectorOptions options, long featureDim = 24, long seed = 1) =>
        new(options, VisionTestContext.Create(seed, VisionTestContext.Images(), featureDim));

    private static Tensor Features(long batch, long dim) =>
        randn(new[] { batch, dim }, generator: new Generator(5, CPU)).mul(3).add(1);

    [Fact]
    public void DefaultsEndWithLayerNormSoEveryEmbeddingIsStandardised()
    {
        using var scope = NewDisposeScope();
        var projector = Create(new MlpProjectorOptions { Hidden = 32, Out = 16, Layers = 3 });
        var embeddings = projector.Network.call(Features(8, 24));

        Assert.Equal(16L, projector.OutDim);
        Assert.Equal(new long[] { 8, 16 }, embeddings.shape);
        Assert.True(embeddings.mean([1]).abs().max().item<float>() < 1e-5f);
        Assert.True(embeddings.var([1], unbiased: false).sub(1).abs().max().item<float>() < 1e-3f);
        Assert.IsType<LayerNorm>(projector.Network.modules().Last());
        Assert.Equal(
            new[] { "fc1", "bn1", "relu1", "fc2", "bn2", "relu2", "fc3", "norm" },
            projector.Network.named_children().Select(child => child.name).ToArray());
    }

    [Fact]
    public void DefaultOptionsMatchThePaper()
    {
        var options = new MlpProjectorOptions();
        Assert.Equal((2, 2048, 256, LastNorm.Layer), (options.Layers, options.Hidden, options.Out, options.LastNorm));

        var projector = Create(options, featureDim: 512);
        Assert.Equal(256L, projector.OutDim);
        Assert.Equal(new long[] { 2048, 512 }, projector.Network.named_parameters().First().parameter.shape);
    }

    [Fact]
    public void OneLayerWithoutNormIsASingleLinearMap()
    {
        using var scope = NewDisposeScope();
        var projector = Create(new MlpProjectorOptions { Layers = 1, Out = 5, LastNorm = LastNorm.None }, featureDim: 7);
        var parameters = projector.Network.named_parameters().ToDictionary(named => named.name, named => named.parameter);
        var features = Features(3, 7);

        Assert.Equal(new[] { "fc1.bias", "fc1.weight" }, parameters.Keys.Order().ToArray());
        var expected = features.matmul(parameters["fc1.weight"].t()).add(parameters["fc1.bias"]);
        Assert.True(projector.Network.call(features).allclose(expected, rtol: 0, atol: 1e-5));
    }

    [Fact]
    public void BatchNormAtTheEndStandardisesEachDimensionOverTheBatch()
    {
        using var scope = NewDisposeScope();
        var projector = Create(new MlpProjectorOptions { Layers = 2, Hidden = 16, Out = 6, LastNorm = LastNorm.Batch });
        var embeddings = projector.Network.call(Features(32, 24));

        Assert.IsType<BatchNorm1d>(projector.Network.modules().Last());
        Assert.True(embeddings.mean([0]).abs().max().item<float>() < 1e-4f);
    }

    [Fact]
    public void GradientsReachTheFirstLayer()
    {
        using var scope = NewDisposeScope();
        var projector = Create(new MlpProjectorOptions { Hidden = 8, Out = 4 });
        projector.Network.call(Features(6, 24)).select(1, 0).sum().backward();

        var grad = projector.Network.named_parameters().Single(named => named.name == "fc1.weight").parameter.grad;
        Assert.NotNull(grad);
        Assert.True(grad.abs().sum().item<float>() > 0f);
    }

    [Fact]
    public void NeedsTheBackbonesFeatureDimension()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Create(new MlpProjectorOptions(), featureDim: 0));
        Assert.Contains("feature dimension", error.Message);
    }
}
