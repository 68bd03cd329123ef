using SimLap.Contracts.Components;
using SimLap.Contracts.Model;
using SimLap.Plugins.Core.Losses.Functional;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Losses;

/// <summary>VICReg (<see cref="VicReg"/>): invariance, variance hinge and covariance penalty; pairs and gates are ignored.</summary>
[SimLapComponent("vicreg", Description = "VICReg: invariance MSE + variance hinge + covariance penalty.")]
public sealed class VicRegLoss : ILoss
{
    private readonly VicRegOptions options;

    /// <summary>Creates the loss.</summary>
    public VicRegLoss(VicRegOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        this.options = options;
    }

    /// <inheritdoc />
    public nn.Module Network { get; } = nn.Sequential();

    /// <inheritdoc />
    public LossOutput Compute(LossInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var terms = VicReg.Compute(input.View1, input.View2, (this.options.SimWeight, this.options.VarWeight, this.options.CovWeight), this.options.Epsilon);
        var diagnostics = new Dictionary<string, Tensor>
        {
            ["invariance"] = terms.Invariance.detach(),
            ["variance"] = terms.Variance.detach(),
            ["covariance"] = terms.Covariance.detach(),
        };
        return new LossOutput(terms.Loss, diagnostics);
    }
}
