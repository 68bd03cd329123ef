namespace SimLap.Plugins.Core.Augmentation;

/// <summary>What the pad-crop of the <c>supervised</c> augmentation fills the padding with.</summary>
public enum SupervisedPadding
{
    /// <summary>Zeros (black), as torchvision's <c>RandomCrop(padding=...)</c>.</summary>
    Zeros,

    /// <summary>The image mirrored at its border.</summary>
    Reflect,

    /// <summary>The border pixels repeated.</summary>
    Edge,
}
