namespace SimLap.Plugins.Core.Augmentation;

/// <summary>How the <c>supervised</c> augmentation crops.</summary>
public enum SupervisedCrop
{
    /// <summary>Random resized crop (area in <c>crop_scale</c>, aspect ratio in <c>crop_ratio</c>), resized back to the image size.</summary>
    Resized,

    /// <summary>Pad by <c>padding</c> pixels and take a random crop of the image size (the usual CIFAR recipe).</summary>
    Pad,
}
