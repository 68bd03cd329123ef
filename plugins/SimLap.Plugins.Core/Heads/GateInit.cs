using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Heads;

/// <summary>PyTorch's default layer initialisation, drawn from a component's own generator instead of the global one.</summary>
internal static class GateInit
{
    /// <summary>Weight and bias uniform in +-1/sqrt(fan_in), as nn.Linear does by default.</summary>
    public static void Linear(Linear layer, Generator generator)
    {
        var bound = 1.0 / Math.Sqrt(layer.weight!.shape[1]);
        layer.weight.uniform_(-bound, bound, generator);
        layer.bias?.uniform_(-bound, bound, generator);
    }
}
