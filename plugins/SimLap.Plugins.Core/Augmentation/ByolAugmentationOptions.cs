namespace SimLap.Plugins.Core.Augmentation;

/// <summary>
/// Options of the <c>byol</c> augmentation, with BYOL's asymmetric defaults: crop scale [0.08, 1], flip 0.5, colour
/// jitter 0.8 with strengths [0.4, 0.4, 0.2, 0.1], grayscale 0.2, blur [1.0, 0.1] (view 1, view 2) with sigma
/// [0.1, 2.0], solarisation [0.0, 0.2]. Successive calls alternate view 1 and view 2.
/// </summary>
public sealed class ByolAugmentationOptions : ViewAugmentationOptions
{
    /// <summary>Creates the options with BYOL's defaults.</summary>
    public ByolAugmentationOptions()
    {
        CropScale = [0.08, 1.0];
        Jitter = [0.4, 0.4, 0.2, 0.1];
        BlurP = [1.0, 0.1];
        SolarizeP = [0.0, 0.2];
    }
}
