using SimLap.Contracts.Components;
using SimLap.Contracts.Model;
using static TorchSharp.torch;

namespace SimLap.Plugins.TestKit;

/// <summary>A mean-squared alignment loss that turns NaN from a chosen step on, to test how runs fail.</summary>
[SimLapComponent("nan-loss", Description = "Test kit: alignment loss that becomes NaN at a chosen step.")]
public sealed class NanLoss(NanLossOptions options, ComponentContext context) : ILoss
{
    private int calls;

    /// <inheritdoc />
    public nn.Module Network { get; } = nn.Sequential();

    /// <inheritdoc />
    public LossOutput Compute(LossInput input)
    {
        _ = context;
        var loss = input.View1.sub(input.View2).square().mean();
        if (calls++ >= options.NanAtStep)
        {
            loss = loss.mul(double.NaN);
        }

        return new LossOutput(loss, new Dictionary<string, Tensor>());
    }
}
