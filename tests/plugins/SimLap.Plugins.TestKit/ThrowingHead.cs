using SimLap.Contracts.Components;
using SimLap.Contracts.Model;
using static TorchSharp.torch;

namespace SimLap.Plugins.TestKit;

/// <summary>A head whose constructor throws, to test how a plugin's failure is reported.</summary>
[SimLapComponent("throwing-head", Description = "Test kit: a head that fails when built.")]
public sealed class ThrowingHead : ISubspaceHead
{
    /// <summary>Always throws.</summary>
    public ThrowingHead(NoOptions options, ComponentContext context)
    {
        throw new InvalidOperationException("the throwing-head test component refuses to be built");
    }

    /// <inheritdoc />
    public nn.Module Network => throw new NotSupportedException();

    /// <inheritdoc />
    public HeadOutput Gate(PairAssignment pairs) => throw new NotSupportedException();
}
