using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SimLap.Plugins.Vit;

/// <summary>
/// Initialises a ViT from a component's generator (as timm and MAE do): linear weights truncated-normal with std 0.02
/// and zero biases, the patch embedding Xavier-uniform over its flattened kernel, position embeddings
/// truncated-normal 0.02, the class token N(0, 1e-6), LayerNorms to weight 1 and bias 0.
/// </summary>
internal static class VitInit
{
    private const double Std = 0.02;

    /// <summary>Initialises every parameter of <paramref name="network"/>.</summary>
    public static void Initialize(nn.Module network, Generator generator)
    {
        using var noGrad = no_grad();
        foreach (var (name, parameter) in network.named_parameters())
        {
            var last = name[(name.LastIndexOf('.') + 1)..];
            if (name.StartsWith("patch_embed.", StringComparison.Ordinal) && last == "weight")
            {
                var fanOut = parameter.shape[0];
                var fanIn = parameter.numel() / fanOut;
                var bound = Math.Sqrt(6.0 / (fanIn + fanOut));
                parameter.uniform_(-bound, bound, generator);
            }
            else if (name == "cls_token")
            {
                parameter.normal_(0.0, 1e-6, generator);
            }
            else if (last == "bias")
            {
                parameter.zero_();
            }
            else if (parameter.dim() == 1)
            {
                parameter.fill_(1.0); // LayerNorm weights
            }
            else
            {
                TruncatedNormal(parameter, generator); // linear weights and pos_embed
            }
        }
    }

    /// <summary>N(0, 0.02) truncated at two standard deviations, by redrawing the values outside.</summary>
    private static void TruncatedNormal(Tensor parameter, Generator generator)
    {
        using var scope = NewDisposeScope();
        parameter.normal_(0.0, Std, generator);
        for (var round = 0; round < 16; round++)
        {
            var outside = parameter.abs().gt(2 * Std);
            if (!outside.any().item<bool>())
            {
                return;
            }

            var redraw = empty_like(parameter).normal_(0.0, Std, generator);
            parameter.copy_(where(outside, redraw, parameter));
        }

        parameter.clamp_(-2 * Std, 2 * Std);
    }
}
