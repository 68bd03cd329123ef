using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Losses.Functional;

/// <summary>
/// SimLAP-dagger's combination (docs/method.md), tensor in, tensor out:
/// loss = ( L_inst + beta * L_pair + alpha * L_class ) / (1 + alpha + beta), with L_inst <see cref="MocoV3.Symmetric"/>,
/// L_pair <see cref="MultiPositive"/> on the batch's pairs and gates, and L_class <see cref="MultiPositive"/> with
/// identical pairs and all-ones gates.
/// </summary>
public static class SimLapDagger
{
    /// <summary>The weighted mean of the three terms.</summary>
    /// <param name="instance">L_inst.</param>
    /// <param name="pair">L_pair.</param>
    /// <param name="classes">L_class.</param>
    /// <param name="alpha">The weight of L_class.</param>
    /// <param name="beta">The weight of L_pair.</param>
    public static Tensor Combine(Tensor instance, Tensor pair, Tensor classes, double alpha, double beta)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentNullException.ThrowIfNull(classes);
        return instance.add(pair.mul(beta)).add(classes.mul(alpha)).div(1 + alpha + beta);
    }
}
