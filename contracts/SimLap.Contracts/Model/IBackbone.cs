using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Contracts.Model;

/// <summary>The encoder f (<c>backbone:</c> in YAML): images [B, C, H, W] to features [B, FeatureDim].</summary>
public interface IBackbone
{
    /// <summary>The trainable network.</summary>
    nn.Module<Tensor, Tensor> Network { get; }

    /// <summary>The size of the feature vector the network returns.</summary>
    long FeatureDim { get; }
}
