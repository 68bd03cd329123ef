using SimLap.Contracts.Components;
using SimLap.Contracts.Data;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Augmentation;

/// <summary>
/// BYOL's asymmetric views (see <see cref="ViewPipeline"/>): both views get resized crop, flip, colour jitter and
/// grayscale; view 1 is always blurred and never solarised, view 2 is blurred with probability 0.1 and solarised with
/// probability 0.2 (<c>blur_p</c> and <c>solarize_p</c> as [view 1, view 2]). Successive calls of <see cref="Apply"/>
/// alternate view 1 and view 2: the engine calls it exactly twice per step, in view order.
/// </summary>
[SimLapComponent("byol", Description = "BYOL views: crop, flip, jitter, grayscale; asymmetric blur [1.0, 0.1] and solarise [0, 0.2]; calls alternate view 1/2.")]
public sealed class ByolAugmentation : IAugmentation
{
    /// <summary>Creates the augmentation.</summary>
    public ByolAugmentation(ByolAugmentationOptions options, ComponentContext context)
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
