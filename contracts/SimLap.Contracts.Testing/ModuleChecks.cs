using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Contracts.Testing;

/// <summary>Gradient checks of a component's network; each throws <see cref="ContractCheckException"/> naming the parameter.</summary>
public static class ModuleChecks
{
    /// <summary>
    /// Runs <paramref name="module"/> on <paramref name="input"/>, back-propagates the sum of the squared output and checks
    /// that every parameter received a finite, non-zero gradient (<see cref="EveryParameterHasAGradient"/>).
    /// </summary>
    public static void GradientsReachEveryParameter(nn.Module<Tensor, Tensor> module, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(module);
        using var scope = NewDisposeScope();
        module.call(input).square().sum().backward();
        EveryParameterHasAGradient(module);
    }

    /// <summary>
    /// Checks that <paramref name="module"/> has parameters and that each has a finite, non-zero gradient, after the
    /// caller's own backward pass (for a loss or head whose input is not a single tensor).
    /// </summary>
    public static void EveryParameterHasAGradient(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var parameters = module.named_parameters().ToList();
        if (parameters.Count == 0)
        {
            throw new ContractCheckException("the module has no parameters to receive a gradient");
        }

        foreach (var (name, parameter) in parameters)
        {
            var gradient = parameter.grad ?? throw new ContractCheckException($"no gradient reached {name}");
            if (!gradient.isfinite().all().item<bool>())
            {
                throw new ContractCheckException($"non-finite gradient on {name}");
            }

            if (!(gradient.abs().sum().to(ScalarType.Float64).item<double>() > 0))
            {
                throw new ContractCheckException($"no gradient reached {name}");
            }
        }
    }
}
