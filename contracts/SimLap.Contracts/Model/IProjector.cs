using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Contracts.Model;

/// <summary>The projector p (<c>projector:</c> in YAML): features [B, FeatureDim] to embeddings [B, OutDim].</summary>
public interface IProjector
{
    /// <summary>The trainable network (may be an identity).</summary>
    nn.Module<Tensor, Tensor> Network { get; }

    /// <summary>The embedding dimension d.</summary>
    long OutDim { get; }
}
