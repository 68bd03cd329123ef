using static TorchSharp.torch;

namespace SimLap.Contracts.Model;

/// <summary>The training objective (<c>loss:</c> in YAML).</summary>
public interface ILoss
{
    /// <summary>Trainable parameters of the loss (a learnable temperature, a classifier); an empty module if none.</summary>
    nn.Module Network { get; }

    /// <summary>The loss of one batch.</summary>
    LossOutput Compute(LossInput input);
}
