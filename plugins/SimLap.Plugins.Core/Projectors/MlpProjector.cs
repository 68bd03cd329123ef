using SimLap.Contracts.Components;
using SimLap.Contracts.Model;
using SimLap.Plugins.Core.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Projectors;

/// <summary>
/// The MLP projector: (layers - 1) hidden Linear-BatchNorm1d-ReLU layers, a last Linear to <c>out</c>, then the
/// chosen normalisation (LayerNorm by default, as docs/method.md prescribes).
/// </summary>
[SimLapComponent("mlp", Description = "MLP projector: Linear-BN-ReLU hidden layers, Linear, last norm.")]
public sealed class MlpProjector : IProjector
{
    /// <summary>Builds the MLP on the backbone's feature dimension, initialised from the component's generator.</summary>
    public MlpProjector(MlpProjectorOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        if (context.FeatureDim <= 0)
        {
            throw new InvalidOperationException("The 'mlp' projector needs the backbone's feature dimension, which is not known yet.");
        }

        var widths = new List<long> { context.FeatureDim };
        widths.AddRange(Enumerable.Repeat((long)options.Hidden, options.Layers - 1));
        widths.Add(options.Out);
        var network = Mlp.Build(widths, MlpBlock.LinearNormActivation, LastNormLayer(options.LastNorm));
        ModuleInit.Initialize(network, context.Generator);
        Network = network.to(context.Device);
        OutDim = options.Out;
    }

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Network { get; }

    /// <inheritdoc />
    public long OutDim { get; }

    private static Func<long, nn.Module<Tensor, Tensor>>? LastNormLayer(LastNorm norm) => norm switch
    {
        LastNorm.Layer => width => nn.LayerNorm(width),
        LastNorm.Batch => width => nn.BatchNorm1d(width),
        _ => null,
    };
}
