using SimLap.Contracts.Components;
using SimLap.Contracts.Model;
using static TorchSharp.torch;

namespace SimLap.Plugins.TestKit;

/// <summary>A loss whose name breaks the name grammar (upper case and an underscore).</summary>
[SimLapComponent("Bad_Name", Description = "Test kit: a loss whose name is not lower-case words joined by dashes.")]
public sealed class BadNameLoss : ILoss
{
    /// <summary>A well-formed constructor; only the name is wrong.</summary>
    public BadNameLoss(NoOptions options, ComponentContext context)
    {
    }

    /// <inheritdoc />
    public nn.Module Network => throw new NotSupportedException();

    /// <inheritdoc />
    public LossOutput Compute(LossInput input) => throw new NotSupportedException();
}
