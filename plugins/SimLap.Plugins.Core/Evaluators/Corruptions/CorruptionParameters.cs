namespace SimLap.Plugins.Core.Evaluators.Corruptions;

/// <summary>
/// The parameters of each corruption at severities 1..5, after Hendrycks &amp; Dietterich (2019), CIFAR-10-C (32x32
/// images; spatial parameters, in pixels, are scaled by min(H, W) / 32 for other sizes). Images are float in [0, 1] and
/// every result is clamped to [0, 1].
/// <code>
/// corruption         parameter                                   s1          s2          s3          s4          s5
/// gaussian_noise     noise std sigma                             0.04        0.06        0.08        0.09        0.10
/// shot_noise         photons lambda: Poisson(x lambda) / lambda  500         250         100         75          50
/// impulse_noise      share of values set to 0 or 1 (half each)   0.01        0.02        0.03        0.05        0.07
/// gaussian_blur      sigma (px)                                  0.4         0.6         0.7         0.8         1.0
/// defocus_blur       disk radius (px), then Gaussian sigma (px)  0.3, 0.4    0.4, 0.5    0.5, 0.6    1.0, 0.2    1.5, 0.1
/// motion_blur        radius (px), Gaussian sigma along it (px)   6, 1.0      6, 1.5      6, 2.0      8, 2.0      9, 2.5
///                    (one-sided over 2 x radius, as ImageMagick's kernel; angle uniform in [-45, 45] degrees per image)
/// zoom_blur          zoom factors averaged with the image        1-1.05      1-1.10      1-1.15      1-1.20      1-1.25  (steps of 0.01)
/// brightness         HSV value + delta                           0.05        0.10        0.15        0.20        0.30
/// contrast           (x - mean) * factor + mean                  0.75        0.50        0.40        0.30        0.15
/// saturate           HSV saturation * a + b                      0.3, 0      0.1, 0      1.5, 0      2, 0.1      2.5, 0.2
/// pixelate           box-downsample to factor * size, box up    0.95       0.90        0.85        0.75        0.65
/// jpeg               quality (IJG tables)                        80          65          58          50          40
/// elastic_transform  affine point moves, uniform in ±a (px)      2.56        2.24        1.92        1.6         0.96
///                    displacement alpha (px)                     0           1.6         2.56        3.2         3.2
///                    field smoothing sigma (px)                  0           6.4         1.92        1.28        0.96
///                    (3 points at the centre ± min(H, W) / 3 moved, the affine map between them warps the image; then
///                    fields of uniform [-1, 1] noise, Gaussian-smoothed, times alpha, displace x and y; s1 is affine only)
/// fog                fractal amount, fractal decay               .2, 3       .5, 3       .75, 2.5    1, 2        1.5, 1.75
///                    (x + amount * plasma fractal in [0, 1], then x * max(x) / (max(x) + amount))
/// glass_blur         sigma (px), max shift (px), shuffle rounds  .05, 1, 1   .25, 1, 1   .4, 1, 1    .25, 1, 2   .4, 1, 2
/// snow               layer mean, std                             .1, .2      .1, .2      .15, .3     .25, .3     .3, .3
///                    layer zoom, threshold                       1, .6       1, .5       1.75, .55   2.25, .6    1.25, .65
///                    motion blur radius (px), sigma (px)         8, 3        10, 4       10, 4       12, 6       14, 12
///                    image blend                                 .95         .9          .9          .85         .8
///                    (angle uniform in [-135, -45] degrees per image; the layer and its 180-degree rotation are added)
/// </code>
/// Deviations from CIFAR-10-C: jpeg is an approximation in tensors (YCbCr, 8x8 block DCT, quantisation
/// with the IJG tables scaled by quality, no chroma subsampling, no entropy coding, which is lossless anyway); elastic
/// transform samples bilinearly in floating point (OpenCV's warpAffine rounds positions to 1/32 pixel) and centres its
/// affine points at (W / 2, H / 2) as (x, y), where CIFAR-10-C takes (H / 2, W / 2) (the same on square images);
/// brightness and saturate leave one-channel images' hue-free parts as HSV does
/// (saturate is the identity on grey images; as in CIFAR-10-C its severities 1-2 desaturate and 3-5 saturate, so its
/// change is not monotonic in severity). glass_blur moves every pixel to a random place within the max shift in one
/// gather per round (shifts uniform in [-d, d]), where CIFAR-10-C swaps pixels one after another with shifts in
/// [-d, d - 1]. snow's motion blur spans 2 x radius, as ImageMagick's kernel of 2 radius + 1 taps does; its zoom is
/// scaled with the image too, so flakes keep their size relative to it. fog's fractal is drawn on the smallest power of
/// two at least max(H, W) and cropped. Frost is left out: it needs the benchmark's frost photographs, which cannot be
/// shipped (read the published CIFAR-10-C files with npy_dir for it).
/// </summary>
public static class CorruptionParameters
{
    /// <summary>The severities, 1..5.</summary>
    public const int Severities = 5;

    /// <summary>Gaussian noise std.</summary>
    public static readonly double[] GaussianNoise = [0.04, 0.06, 0.08, 0.09, 0.10];

    /// <summary>Shot noise photon counts.</summary>
    public static readonly double[] ShotNoise = [500, 250, 100, 75, 50];

    /// <summary>Impulse noise share.</summary>
    public static readonly double[] ImpulseNoise = [0.01, 0.02, 0.03, 0.05, 0.07];

    /// <summary>Gaussian blur sigma (px at 32x32).</summary>
    public static readonly double[] GaussianBlur = [0.4, 0.6, 0.7, 0.8, 1.0];

    /// <summary>Defocus blur (disk radius, alias sigma) (px at 32x32).</summary>
    public static readonly (double Radius, double Sigma)[] DefocusBlur = [(0.3, 0.4), (0.4, 0.5), (0.5, 0.6), (1.0, 0.2), (1.5, 0.1)];

    /// <summary>Motion blur (ImageMagick radius, sigma) (px at 32x32); the blur spans 2 x radius.</summary>
    public static readonly (double Radius, double Sigma)[] MotionBlur = [(6, 1.0), (6, 1.5), (6, 2.0), (8, 2.0), (9, 2.5)];

    /// <summary>Zoom blur: the largest zoom factor (factors 1, 1.01, ..., up to it).</summary>
    public static readonly double[] ZoomBlur = [1.05, 1.10, 1.15, 1.20, 1.25];

    /// <summary>Brightness: HSV value delta.</summary>
    public static readonly double[] Brightness = [0.05, 0.10, 0.15, 0.20, 0.30];

    /// <summary>Contrast factor.</summary>
    public static readonly double[] Contrast = [0.75, 0.50, 0.40, 0.30, 0.15];

    /// <summary>Saturation S * a + b.</summary>
    public static readonly (double Scale, double Shift)[] Saturate = [(0.3, 0), (0.1, 0), (1.5, 0), (2, 0.1), (2.5, 0.2)];

    /// <summary>Pixelate: downsampling factor.</summary>
    public static readonly double[] Pixelate = [0.95, 0.90, 0.85, 0.75, 0.65];

    /// <summary>JPEG quality.</summary>
    public static readonly int[] Jpeg = [80, 65, 58, 50, 40];

    /// <summary>Elastic transform (displacement alpha, field smoothing sigma, affine point moves) (px at 32x32).</summary>
    public static readonly (double Alpha, double Sigma, double Affine)[] ElasticTransform = [(0, 0, 2.56), (1.6, 6.4, 2.24), (2.56, 1.92, 1.92), (3.2, 1.28, 1.6), (3.2, 0.96, 0.96)];

    /// <summary>Fog (fractal amount, fractal decay per octave).</summary>
    public static readonly (double Thickness, double Decay)[] Fog = [(0.2, 3), (0.5, 3), (0.75, 2.5), (1, 2), (1.5, 1.75)];

    /// <summary>Glass blur (Gaussian sigma, max shift, shuffle rounds) (px at 32x32).</summary>
    public static readonly (double Sigma, int MaxDelta, int Iterations)[] GlassBlur = [(0.05, 1, 1), (0.25, 1, 1), (0.4, 1, 1), (0.25, 1, 2), (0.4, 1, 2)];

    /// <summary>Snow (layer mean, layer std, zoom, threshold, motion blur radius and sigma (px at 32x32), image blend).</summary>
    public static readonly (double Mean, double Std, double Zoom, double Threshold, double Radius, double Sigma, double Blend)[] Snow =
    [
        (0.1, 0.2, 1, 0.6, 8, 3, 0.95),
        (0.1, 0.2, 1, 0.5, 10, 4, 0.9),
        (0.15, 0.3, 1.75, 0.55, 10, 4, 0.9),
        (0.25, 0.3, 2.25, 0.6, 12, 6, 0.85),
        (0.3, 0.3, 1.25, 0.65, 14, 12, 0.8),
    ];

    /// <summary>The YAML / metric name of a corruption (<c>gaussian_noise</c>).</summary>
    public static string Name(Corruption corruption) => corruption switch
    {
        Corruption.GaussianNoise => "gaussian_noise",
        Corruption.ShotNoise => "shot_noise",
        Corruption.ImpulseNoise => "impulse_noise",
        Corruption.GaussianBlur => "gaussian_blur",
        Corruption.DefocusBlur => "defocus_blur",
        Corruption.MotionBlur => "motion_blur",
        Corruption.ZoomBlur => "zoom_blur",
        Corruption.Brightness => "brightness",
        Corruption.Contrast => "contrast",
        Corruption.Saturate => "saturate",
        Corruption.Pixelate => "pixelate",
        Corruption.Jpeg => "jpeg",
        Corruption.ElasticTransform => "elastic_transform",
        Corruption.Fog => "fog",
        Corruption.GlassBlur => "glass_blur",
        Corruption.Snow => "snow",
        _ => throw new ArgumentOutOfRangeException(nameof(corruption), corruption, null),
    };
}
