using SimLap.Contracts.Components;
using SimLap.Contracts.Model;
using static TorchSharp.torch;

namespace SimLap.Plugins.TestKit;

#pragma warning disable CS0618 // The 1.0 form of the attribute, on purpose: its options class disagrees with the constructor's.

/// <summary>A loss whose attribute names another options class than its constructor takes.</summary>
[SimLapComponent("mismatched-options", typeof(NanLossOptions), Description = "Test kit: a loss whose attribute and constructor disagree on the options class.")]
#pragma warning restore CS0618
public sealed class MismatchedOptionsLoss : ILoss
{
    /// <summary>Takes no options, although the attribute says otherwise.</summary>
    public MismatchedOptionsLoss(NoOptions options, ComponentContext context)
    {
    }

    /// <inheritdoc />
    public nn.Module Network => throw new NotSupportedException();

    /// <inheritdoc />
    public LossOutput Compute(LossInput input) => throw new NotSupportedException();
}
