using SimLap.Contracts.Components;
using SimLap.Contracts.Model;
using static TorchSharp.torch;

namespace SimLap.Plugins.TestKit;

/// <summary>A loss whose constructor has the wrong shape, so the host refuses it when the plugin is loaded.</summary>
[SimLapComponent("bad-constructor", Description = "Test kit: a loss without the (options, context) constructor.")]
public sealed class BadConstructorLoss : ILoss
{
    /// <summary>Not the shape a component needs.</summary>
    public BadConstructorLoss(int seed)
    {
        Seed = seed;
    }

    /// <summary>The seed it was given.</summary>
    public int Seed { get; }

    /// <inheritdoc />
    public nn.Module Network => throw new NotSupportedException();

    /// <inheritdoc />
    public LossOutput Compute(LossInput input) => throw new NotSupportedException();
}
