using SimLap.Contracts.Components;
using SimLap.Contracts.Data;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Augmentation;

/// <summary>
/// The SimCLR view generator, on a whole batch at once (see <see cref="ViewPipeline"/>): random resized crop and
/// horizontal flip, colour jitter in a random order per image with probability <c>jitter_p</c>, grayscale with
/// probability <c>grayscale_p</c>, and, off by default (SimCLR's CIFAR recipe), Gaussian blur and solarisation.
/// Single-channel images get crop, flip, brightness, contrast, blur and solarisation; the colour operations are no-ops.
/// All random factors come from the component's generator.
/// </summary>
[SimLapComponent("simclr", Description = "SimCLR views: resized crop, flip, colour jitter (random order), grayscale; optional blur, solarise, normalise (batched).")]
public sealed class SimClrAugmentation : IAugmentation
{
    /// <summary>Creates the augmentation.</summary>
    public SimClrAugmentation(SimClrAugmentationOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        Pipeline = RecipeChecks.Create(options, context);
    }

    /// <summary>The pipeline that makes the views.</summary>
    public ViewPipeline Pipeline { get; }

    /// <inheritdoc />
    public Tensor Apply(Tensor images) => Pipeline.Apply(images);
}
