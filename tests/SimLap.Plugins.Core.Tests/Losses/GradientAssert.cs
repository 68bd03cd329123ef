using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Losses;

/// <summary>Gradient checks shared by the loss tests.</summary>
internal static class GradientAssert
{
    /// <summary>Asserts that every parameter of <paramref name="network"/> received a finite, non-zero gradient.</summary>
    public static void ReachEveryParameter(nn.Module network)
    {
        var parameters = network.named_parameters().ToList();
        Assert.NotEmpty(parameters);
        foreach (var (name, parameter) in parameters)
        {
            Assert.NotNull(parameter.grad);
            Assert.True(parameter.grad!.isfinite().all().item<bool>(), $"non-finite gradient on {name}");
            Assert.True(parameter.grad.abs().sum().to(ScalarType.Float64).item<double>() > 0, $"no gradient on {name}");
        }
    }
}
