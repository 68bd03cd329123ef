using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SimLap.Bench;

/// <summary>
/// Forward floating-point operations per image of a network's convolutions and linear layers, from the shapes of one
/// forward pass (a hook on every <see cref="Conv2d"/> and <see cref="Linear"/> of the module tree records its output
/// shape): a convolution does 2 x (output elements) x (input channels per group x kernel height x kernel width) FLOPs, a
/// linear layer 2 x (output elements) x (input features); a multiply-add counts as two. Norms, activations and pooling
/// are left out (a few FLOPs per element, bound by memory, not by the arithmetic units).
/// </summary>
internal static class FlopCounter
{
    /// <summary>Counts one forward pass of <paramref name="network"/> on zeros of <paramref name="inputShape"/> (its first dimension the batch).</summary>
    public static FlopCount Forward(nn.Module<Tensor, Tensor> network, long[] inputShape)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(inputShape);
        return Count(network, inputShape[0], () =>
        {
            using var input = zeros(inputShape);
            network.call(input).Dispose();
        });
    }

    /// <summary>Counts the layers of <paramref name="network"/> while <paramref name="run"/> runs <paramref name="batch"/> inputs through it.</summary>
    public static FlopCount Count(nn.Module network, long batch, Action run)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(run);
        double convolution = 0, linear = 0, first = double.NaN;
        var hooks = new List<Action>();
        foreach (var module in network.modules())
        {
            switch (module)
            {
                case Conv2d conv:
                    var perOutput = conv.weight!.shape[1] * conv.weight.shape[2] * conv.weight.shape[3];
                    var convHook = conv.register_forward_hook((_, _, output) =>
                    {
                        var flops = 2.0 * output.numel() / batch * perOutput;
                        first = double.IsNaN(first) ? flops : first;
                        convolution += flops;
                        return output;
                    });
                    hooks.Add(convHook.remove);
                    break;
                case Linear dense:
                    var inputs = dense.weight!.shape[1];
                    var denseHook = dense.register_forward_hook((_, _, output) =>
                    {
                        linear += 2.0 * output.numel() / batch * inputs;
                        return output;
                    });
                    hooks.Add(denseHook.remove);
                    break;
            }
        }

        using (no_grad())
        {
            var training = network.training;
            network.eval();
            try
            {
                run();
            }
            finally
            {
                network.train(training);
                hooks.ForEach(remove => remove());
            }
        }

        return new FlopCount(convolution, linear, double.IsNaN(first) ? 0 : first);
    }
}

/// <summary>Forward FLOPs per image: of the convolutions, of the linear layers, and of the first convolution alone.</summary>
internal sealed record FlopCount(double Convolution, double Linear, double FirstConvolution)
{
    /// <summary>Every counted layer.</summary>
    public double Forward => Convolution + Linear;

    /// <summary>
    /// A training pass: the forward, then a backward of twice its cost (the gradient of each layer's input and of its
    /// weights), less the first convolution's input gradient, which nothing needs (the images do not require one).
    /// </summary>
    public double Training => (3 * Forward) - FirstConvolution;

    /// <summary>The training pass of the convolutions alone.</summary>
    public double TrainingConvolution => (3 * Convolution) - FirstConvolution;
}
