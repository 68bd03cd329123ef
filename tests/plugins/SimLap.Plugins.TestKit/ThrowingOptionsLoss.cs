using SimLap.Contracts.Components;
using SimLap.Contracts.Model;
using static TorchSharp.torch;

namespace SimLap.Plugins.TestKit;

/// <summary>A loss whose options validation throws; it is never built.</summary>
[SimLapComponent("throwing-options", Description = "Test kit: a loss whose options validation throws.")]
public sealed class ThrowingOptionsLoss(ThrowingOptions options, ComponentContext context) : ILoss
{
    /// <inheritdoc />
    public nn.Module Network { get; } = nn.Sequential();

    /// <inheritdoc />
    public LossOutput Compute(LossInput input)
    {
        _ = (options, context);
        return new LossOutput(input.View1.sub(input.View2).square().mean(), new Dictionary<string, Tensor>());
    }
}
