using SimLap.Contracts.Model;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Losses;

/// <summary>Helpers shared by the losses that learn against the engine's momentum (EMA) target network.</summary>
internal static class MomentumTargets
{
    /// <summary>The target embeddings of both views (detached), or an error naming the loss when the engine gave none.</summary>
    public static (Tensor Target1, Tensor Target2) Require(LossInput input, string loss)
    {
        if (input.Target1 is null || input.Target2 is null)
        {
            throw new InvalidOperationException(
                $"The '{loss}' loss needs the momentum target's embeddings of both views (LossInput.Target1 and Target2), which were not given.");
        }

        return (input.Target1.detach(), input.Target2.detach());
    }
}
