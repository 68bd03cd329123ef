using SimLap.Plugins.Core.Modules;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Heads;

/// <summary>The product gate g(y1, y2) = sigmoid(E1[y1]) * sigmoid(E1[y2]), no fusion MLP.</summary>
internal sealed class ProductGateNetwork : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Embedding embedding;

    /// <summary>Builds E1 (classes x dim), initialised N(0, 1) from <paramref name="generator"/>.</summary>
    public ProductGateNetwork(long classes, long dim, Generator generator)
        : base(nameof(ProductGateNetwork))
    {
        embedding = nn.Embedding(classes, dim);
        RegisterComponents();
        ModuleInit.Initialize(this, generator);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor anchorLabels, Tensor partnerLabels) =>
        embedding.call(anchorLabels).sigmoid().mul(embedding.call(partnerLabels).sigmoid());
}
