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

        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        var inputs = context.FeatureDim;
        for (var i = 1; i < options.Layers; i++)
        {
            layers.Add(($"fc{i}", nn.Linear(inputs, options.Hidden)));
            layers.Add(($"bn{i}", nn.BatchNorm1d(options.Hidden)));
            layers.Add(($"relu{i}", nn.ReLU()));
            inputs = options.Hidden;
        }

        layers.Add(($"fc{options.Layers}", nn.Linear(inputs, options.Out)));
        switch (options.LastNorm)
        {
            case LastNorm.Layer:
                layers.Add(("norm", nn.LayerNorm(options.Out)));
                break;
            case LastNorm.Batch:
                layers.Add(("norm", nn.BatchNorm1d(options.Out)));
                break;
        }

        var network = nn.Sequential(layers);
        ModuleInit.Initialize(network, context.Generator);
        Network = network.to(context.Device);
        OutDim = options.Out;
    }

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Network { get; }

    /// <inheritdoc />
    public long OutDim { get; }
}
