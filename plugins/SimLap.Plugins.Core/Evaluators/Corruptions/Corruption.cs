namespace SimLap.Plugins.Core.Evaluators.Corruptions;

/// <summary>
/// The CIFAR-10-C style corruptions (parameters per severity in <see cref="CorruptionParameters"/>): the benchmark's 15
/// but frost, plus gaussian_blur and saturate. New members go last: the evaluator seeds each corruption by its position.
/// </summary>
public enum Corruption
{
    /// <summary>Additive Gaussian noise.</summary>
    GaussianNoise,

    /// <summary>Poisson (photon) noise.</summary>
    ShotNoise,

    /// <summary>Salt-and-pepper noise.</summary>
    ImpulseNoise,

    /// <summary>Gaussian blur.</summary>
    GaussianBlur,

    /// <summary>Disk (out-of-focus) blur.</summary>
    DefocusBlur,

    /// <summary>One-sided line blur in a random direction per image.</summary>
    MotionBlur,

    /// <summary>Average of increasingly zoomed copies.</summary>
    ZoomBlur,

    /// <summary>Brighter (HSV value up).</summary>
    Brightness,

    /// <summary>Lower contrast.</summary>
    Contrast,

    /// <summary>Colour saturation changed (HSV saturation scaled: down at severities 1-2, up at 3-5).</summary>
    Saturate,

    /// <summary>Down- and up-sampling.</summary>
    Pixelate,

    /// <summary>JPEG-like 8x8 block-DCT quantisation.</summary>
    Jpeg,

    /// <summary>A random affine warp, then a smooth random displacement field.</summary>
    ElasticTransform,

    /// <summary>A diamond-square plasma fractal added, contrast lowered.</summary>
    Fog,

    /// <summary>Gaussian blur, local pixel shuffling, Gaussian blur.</summary>
    GlassBlur,

    /// <summary>Motion-blurred snowflakes over a whitened image.</summary>
    Snow,
}
