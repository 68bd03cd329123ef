using SimLap.Contracts.Components;
using SimLap.Contracts.Data;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Augmentation;

/// <summary>
/// MoCo v3's asymmetric views (see <see cref="ViewPipeline"/>), the same scheme as BYOL: view 1 always blurred and never
/// solarised, view 2 blurred with probability 0.1 and solarised with probability 0.2. Successive calls of
/// <see cref="Apply"/> alternate view 1 and view 2: the engine calls it exactly twice per step, in view order.
/// </summary>
[SimLapComponent("moco-v3", Description = "MoCo v3 views: crop, flip, jitter, grayscale; asymmetric blur [1.0, 0.1] and solarise [0, 0.2]; calls alternate view 1/2.")]
public sealed class MocoV3Augmentation : IAugmentation
{
    /// <summary>Creates the augmentation.</summary>
    public MocoV3Augmentation(MocoV3AugmentationOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        Pipeline = RecipeChecks.Create(options, context);
    }

    /// <summary>The pipeline that makes the views.</summary>
    public ViewPipeline Pipeline { get; }

    /// <summary>Returns the next view: view 1 on the first call, view 2 on the second, then view 1 again, and so on.</summary>
    public Tensor Apply(Tensor images) => Pipeline.Apply(images);
}
