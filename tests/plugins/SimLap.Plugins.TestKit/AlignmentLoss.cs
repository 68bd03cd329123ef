using SimLap.Contracts.Components;
using SimLap.Contracts.Model;
using static TorchSharp.torch;

namespace SimLap.Plugins.TestKit;

/// <summary>
/// A plain alignment loss registered under the same name as SimLap.Plugins.Isolation's, to test ambiguous names
/// and the <c>plugin:name</c> qualifier.
/// </summary>
[SimLapComponent("alignment", Description = "Test kit: mean squared distance between the two views (a name SimLap.Plugins.Isolation registers too).")]
public sealed class AlignmentLoss(NoOptions options, ComponentContext context) : ILoss
{
    /// <inheritdoc />
    public nn.Module Network { get; } = nn.Sequential();

    /// <inheritdoc />
    public LossOutput Compute(LossInput input)
    {
        _ = (options, context);
        return new LossOutput(input.View1.sub(input.View2).square().sum(1).mean(), new Dictionary<string, Tensor>());
    }
}
