using static TorchSharp.torch;

namespace SimLap.Contracts.Model;

/// <summary>The gate g(y1, y2) over embedding dimensions (<c>head:</c> in YAML).</summary>
public interface ISubspaceHead
{
    /// <summary>The trainable part (an empty module when the head has no parameters).</summary>
    nn.Module Network { get; }

    /// <summary>Gates for every anchor of <paramref name="pairs"/>.</summary>
    HeadOutput Gate(PairAssignment pairs);
}
