using SimLap.Plugins.Core.Modules;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Losses;

/// <summary>The predictor q of BYOL and MoCo v3: Linear(d, hidden) - BatchNorm1d(hidden) - ReLU - Linear(hidden, d).</summary>
internal sealed class PredictorNetwork : nn.Module<Tensor, Tensor>
{
    private readonly Sequential layers;

    /// <summary>Builds q on <paramref name="device"/>, initialised from <paramref name="generator"/>.</summary>
    public PredictorNetwork(long dim, long hidden, Generator generator, Device device)
        : base(nameof(PredictorNetwork))
    {
        layers = Mlp.Build([dim, hidden, dim], MlpBlock.LinearNormActivation);
        RegisterComponents();
        ModuleInit.Initialize(this, generator);
        this.to(device);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor embeddings) => layers.call(embeddings);
}
