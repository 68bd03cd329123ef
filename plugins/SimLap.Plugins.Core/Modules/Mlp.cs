using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Modules;

/// <summary>The order of the layers in each block of an <see cref="Mlp"/>.</summary>
internal enum MlpBlock
{
    /// <summary>Linear, BatchNorm1d, ReLU per hidden layer, and a last Linear alone (projector, predictor).</summary>
    LinearNormActivation,

    /// <summary>ReLU, BatchNorm1d, Linear per layer, the last one included (the gate's fusion MLP).</summary>
    ActivationNormLinear,

    /// <summary>ReLU, Linear per layer, the last one included: the gate's fusion MLP without its BatchNorms.</summary>
    ActivationLinear,
}

/// <summary>
/// The one builder of the plug-in's multi-layer perceptrons (projector, predictor, gate): layers named <c>fc1</c>,
/// <c>bn1</c>, <c>relu1</c>, ... (so checkpoints keep their keys) and created in that order, an optional last norm named
/// <c>norm</c>. The layers keep TorchSharp's initialisation; call <see cref="ModuleInit.Initialize"/> to draw them from a
/// component's generator.
/// </summary>
internal static class Mlp
{
    /// <summary>An MLP through <paramref name="widths"/> (input, hidden..., output), one Linear per step.</summary>
    /// <param name="widths">The input width, then each layer's output width (at least two values).</param>
    /// <param name="block">The order of the layers in a block.</param>
    /// <param name="lastNorm">Makes the normalisation after the last layer from the output width, or null for none.</param>
    public static Sequential Build(IReadOnlyList<long> widths, MlpBlock block, Func<long, nn.Module<Tensor, Tensor>>? lastNorm = null)
    {
        ArgumentNullException.ThrowIfNull(widths);
        ArgumentOutOfRangeException.ThrowIfLessThan(widths.Count, 2);
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        var last = widths.Count - 1;
        for (var i = 1; i <= last; i++)
        {
            var (inputs, outputs) = (widths[i - 1], widths[i]);
            if (block != MlpBlock.LinearNormActivation)
            {
                layers.Add(($"relu{i}", nn.ReLU()));
                if (block == MlpBlock.ActivationNormLinear)
                {
                    layers.Add(($"bn{i}", nn.BatchNorm1d(inputs)));
                }

                layers.Add(($"fc{i}", nn.Linear(inputs, outputs)));
                continue;
            }

            layers.Add(($"fc{i}", nn.Linear(inputs, outputs)));
            if (i < last)
            {
                layers.Add(($"bn{i}", nn.BatchNorm1d(outputs)));
                layers.Add(($"relu{i}", nn.ReLU()));
            }
        }

        if (lastNorm is not null)
        {
            layers.Add(("norm", lastNorm(widths[last])));
        }

        return nn.Sequential(layers);
    }
}
