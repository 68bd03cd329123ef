using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Losses;

/// <summary>Loads <see cref="LossReference"/>'s fixed predictor weights into a loss's predictor network, in float64.</summary>
internal static class FixedPredictor
{
    public static void Load(nn.Module network)
    {
        network.to(ScalarType.Float64);
        var parameters = network.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using var noGrad = no_grad();
        parameters["layers.fc1.weight"].copy_(tensor(LossReference.W1, dtype: ScalarType.Float64));
        parameters["layers.fc1.bias"].copy_(tensor(LossReference.B1, dtype: ScalarType.Float64));
        parameters["layers.fc2.weight"].copy_(tensor(LossReference.W2, dtype: ScalarType.Float64));
        parameters["layers.fc2.bias"].copy_(tensor(LossReference.B2, dtype: ScalarType.Float64));
        Assert.True(parameters["layers.bn1.weight"].eq(1).all().item<bool>());
        Assert.True(parameters["layers.bn1.bias"].eq(0).all().item<bool>());
    }
}
