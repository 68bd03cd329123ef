using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Contracts.Testing;

/// <summary>Shape checks of a component's output; each throws <see cref="ContractCheckException"/> saying what it found.</summary>
public static class ShapeChecks
{
    /// <summary>
    /// Runs <paramref name="module"/> on <paramref name="input"/> and checks that the output has shape
    /// <paramref name="expected"/> and only finite values; returns the output (in the caller's dispose scope).
    /// </summary>
    public static Tensor OutputShape(nn.Module<Tensor, Tensor> module, Tensor input, params long[] expected)
    {
        ArgumentNullException.ThrowIfNull(module);
        var output = module.call(input);
        FiniteWithShape(output, expected);
        return output;
    }

    /// <summary>Checks that <paramref name="tensor"/> has shape <paramref name="expected"/> and only finite values.</summary>
    public static void FiniteWithShape(Tensor tensor, params long[] expected)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(expected);
        if (!tensor.shape.SequenceEqual(expected))
        {
            throw new ContractCheckException($"expected shape [{string.Join(", ", expected)}], found [{string.Join(", ", tensor.shape)}]");
        }

        if (!tensor.isfinite().all().item<bool>())
        {
            throw new ContractCheckException($"the output of shape [{string.Join(", ", expected)}] has non-finite values");
        }
    }
}
