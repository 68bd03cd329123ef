namespace SimLap.Plugins.Core.Augmentation;

/// <summary>
/// Options of the <c>simclr</c> augmentation. The defaults are SimCLR's CIFAR recipe: crop scale [0.2, 1], flip 0.5,
/// colour jitter 0.8 with strengths [0.4, 0.4, 0.4, 0.1], grayscale 0.2, no blur (SimCLR blurs only large images;
/// set <c>blur_p: 0.5</c> for ImageNet-sized data), no solarisation, no normalisation.
/// </summary>
public sealed class SimClrAugmentationOptions : ViewAugmentationOptions
{
}
