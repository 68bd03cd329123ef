using SimLap.Plugins.Core.Modules;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Heads;

/// <summary>
/// The fused gate g(y1, y2) = sigmoid(G((E[y1] + E[y2]) / 2)), G = ReLU, BN, Linear, ReLU, BN, Linear (without the BNs
/// when <c>batchNorm</c> is false: then a pair's gate does not depend on the other pairs of its batch); with
/// <c>logits: true</c> it returns G(...) itself, for heads that turn it into a gate their own way (stochastic, gumbel).
/// </summary>
internal sealed class FusedGateNetwork : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Embedding embedding;
    private readonly Sequential fusion;
    private readonly bool logits;

    /// <summary>Builds E (classes x embed) and G (embed -> hidden -> dim), initialised from <paramref name="generator"/>.</summary>
    public FusedGateNetwork(long classes, long embed, long hidden, long dim, Generator generator, bool logits = false, bool batchNorm = true)
        : base(nameof(FusedGateNetwork))
    {
        this.logits = logits;
        embedding = nn.Embedding(classes, embed);
        fusion = Mlp.Build([embed, hidden, dim], batchNorm ? MlpBlock.ActivationNormLinear : MlpBlock.ActivationLinear);
        RegisterComponents();
        ModuleInit.Initialize(this, generator);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor anchorLabels, Tensor partnerLabels)
    {
        var mixed = embedding.call(anchorLabels).add(embedding.call(partnerLabels)).div(2.0);
        var output = fusion.call(mixed);
        return logits ? output : output.sigmoid();
    }
}
