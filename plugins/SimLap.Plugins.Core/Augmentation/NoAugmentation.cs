using SimLap.Contracts.Components;
using SimLap.Contracts.Data;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Augmentation;

/// <summary>The identity augmentation: every view is the image itself (for evaluation-style runs).</summary>
[SimLapComponent("none", Description = "No augmentation: views are the images themselves.")]
public sealed class NoAugmentation : IAugmentation
{
    /// <summary>Creates the augmentation.</summary>
    public NoAugmentation(NoOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
    }

    /// <inheritdoc />
    public Tensor Apply(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);

        // A new handle on the same storage, so callers may dispose the view without disposing the batch.
        return images.alias();
    }
}
