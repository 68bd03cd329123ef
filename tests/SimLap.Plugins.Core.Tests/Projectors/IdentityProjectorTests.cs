using SimLap.Contracts.Components;
using SimLap.Plugins.Core.Projectors;
using SimLap.Plugins.Core.Tests.Data;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Projectors;

public sealed class IdentityProjectorTests
{
    [Fact]
    public void TheEmbeddingsAreTheFeaturesAndTheirDimensionIsTheFeatureDimension()
    {
        using var scope = NewDisposeScope();
        var projector = new IdentityProjector(new NoOptions(), VisionTestContext.Create(1, VisionTestContext.Images(), 24));
        var features = randn(new long[] { 6, 24 }, generator: new Generator(3, CPU)).requires_grad_();

        var embeddings = projector.Network.call(features);
        embeddings.square().sum().backward();

        Assert.Equal(24L, projector.OutDim);
        Assert.True(embeddings.eq(features).all().item<bool>());
        Assert.Empty(projector.Network.parameters());
        Assert.True(features.grad!.allclose(features.detach().mul(2)), "the gradient does not reach the backbone's features unchanged");
    }
}
