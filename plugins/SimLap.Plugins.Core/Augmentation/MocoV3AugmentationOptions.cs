namespace SimLap.Plugins.Core.Augmentation;

/// <summary>
/// Options of the <c>moco-v3</c> augmentation, with MoCo v3's defaults (its <c>augmentation1</c> / <c>augmentation2</c>):
/// crop scale [0.08, 1] (<c>crop_min</c> 0.08), flip 0.5, colour jitter 0.8 with strengths [0.4, 0.4, 0.2, 0.1],
/// grayscale 0.2, blur [1.0, 0.1] (view 1, view 2) with sigma [0.1, 2.0], solarisation [0.0, 0.2]. These are the same
/// numbers as BYOL's; MoCo v3 also normalises with the ImageNet statistics, which is left to <c>normalize_mean</c> /
/// <c>normalize_std</c>. Successive calls alternate view 1 and view 2.
/// </summary>
public sealed class MocoV3AugmentationOptions : ViewAugmentationOptions
{
    /// <summary>Creates the options with MoCo v3's defaults.</summary>
    public MocoV3AugmentationOptions()
    {
        CropScale = [0.08, 1.0];
        Jitter = [0.4, 0.4, 0.2, 0.1];
        BlurP = [1.0, 0.1];
        SolarizeP = [0.0, 0.2];
    }
}
