using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Modules;

/// <summary>
/// Re-initialises a network's weights from a component's own generator (never the global one), so a network is
/// reproducible from the experiment seed: convolutions He-normal (fan-out, as torchvision's ResNets), linear layers
/// uniform in +-1/sqrt(fan-in) (PyTorch's default), embeddings N(0, 1) (PyTorch's default), normalisation layers
/// to weight 1 and bias 0.
/// </summary>
internal static class ModuleInit
{
    /// <summary>Initialises every convolution, linear and normalisation layer inside <paramref name="network"/>.</summary>
    public static void Initialize(nn.Module network, Generator generator)
    {
        using var noGrad = no_grad();
        foreach (var module in network.modules())
        {
            switch (module)
            {
                case Conv2d conv:
                    var fanOut = conv.weight!.shape[0] * conv.weight.shape[2] * conv.weight.shape[3];
                    conv.weight.normal_(0.0, Math.Sqrt(2.0 / fanOut), generator);
                    conv.bias?.zero_();
                    break;
                case Linear linear:
                    var bound = 1.0 / Math.Sqrt(linear.weight!.shape[1]);
                    linear.weight.uniform_(-bound, bound, generator);
                    linear.bias?.uniform_(-bound, bound, generator);
                    break;
                case Embedding embedding:
                    embedding.weight!.normal_(0.0, 1.0, generator);
                    break;
                case BatchNorm2d or BatchNorm1d or LayerNorm:
                    ResetNorm(module);
                    break;
            }
        }
    }

    /// <summary>A normalisation layer's weight to 1 and its bias to 0.</summary>
    private static void ResetNorm(nn.Module module)
    {
        foreach (var (name, parameter) in module.named_parameters(recurse: false))
        {
            if (name == "weight")
            {
                parameter.fill_(1.0);
            }
            else
            {
                parameter.zero_();
            }
        }
    }
}
