using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Evaluators.Corruptions;

/// <summary>
/// Applies a <see cref="Corruption"/> at a severity (1..5) to a batch of float images [B, C, H, W] in [0, 1] with tensor
/// operations; parameters in <see cref="CorruptionParameters"/>. Random draws (noise, directions, displacement fields,
/// fractals, snow layers) come from the given CPU generator, so a severity is reproducible under a seed. Shape and dtype
/// are kept, values stay in [0, 1].
/// </summary>
public static class ImageCorruptions
{
    /// <summary>Corrupts <paramref name="images"/> (the input is not modified).</summary>
    public static Tensor Apply(Tensor images, Corruption corruption, int severity, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() != 4 || !images.is_floating_point())
        {
            throw new ArgumentException($"Corruptions need float images [B, C, H, W]; found {images.dtype} [{string.Join(", ", images.shape)}].");
        }

        if (severity is < 1 or > CorruptionParameters.Severities)
        {
            throw new ArgumentOutOfRangeException(nameof(severity), severity, "Severities run from 1 to 5.");
        }

        using var scope = NewDisposeScope();
        var s = severity - 1;
        var pixels = Math.Max(1.0, Math.Min(images.shape[2], images.shape[3]) / 32.0);
        var x = images.to(ScalarType.Float32);
        var result = corruption switch
        {
            Corruption.GaussianNoise => x.add(Noise(x, generator).mul(CorruptionParameters.GaussianNoise[s])),
            Corruption.ShotNoise => poisson(x.mul(CorruptionParameters.ShotNoise[s]).cpu(), generator).to(x.device).div(CorruptionParameters.ShotNoise[s]),
            Corruption.ImpulseNoise => Impulse(x, CorruptionParameters.ImpulseNoise[s], generator),
            Corruption.GaussianBlur => ImageFilters.GaussianBlur(x, CorruptionParameters.GaussianBlur[s] * pixels),
            Corruption.DefocusBlur => Defocus(x, CorruptionParameters.DefocusBlur[s].Radius * pixels, CorruptionParameters.DefocusBlur[s].Sigma * pixels),
            Corruption.MotionBlur => ImageFilters.MotionBlur(x, 2 * CorruptionParameters.MotionBlur[s].Radius * pixels, CorruptionParameters.MotionBlur[s].Sigma * pixels, -Math.PI / 4, Math.PI / 4, generator),
            Corruption.ZoomBlur => Zoom(x, CorruptionParameters.ZoomBlur[s]),
            Corruption.Brightness => Brightness(x, CorruptionParameters.Brightness[s]),
            Corruption.Contrast => Contrast(x, CorruptionParameters.Contrast[s]),
            Corruption.Saturate => Saturate(x, CorruptionParameters.Saturate[s].Scale, CorruptionParameters.Saturate[s].Shift),
            Corruption.Pixelate => Pixelate(x, CorruptionParameters.Pixelate[s]),
            Corruption.Jpeg => JpegApproximation.Apply(x, CorruptionParameters.Jpeg[s]),
            Corruption.ElasticTransform => ElasticTransformCorruption.Apply(x, CorruptionParameters.ElasticTransform[s].Alpha * pixels, CorruptionParameters.ElasticTransform[s].Sigma * pixels, CorruptionParameters.ElasticTransform[s].Affine * pixels, generator),
            Corruption.Fog => FogCorruption.Apply(x, CorruptionParameters.Fog[s].Thickness, CorruptionParameters.Fog[s].Decay, generator),
            Corruption.GlassBlur => GlassBlurCorruption.Apply(x, CorruptionParameters.GlassBlur[s].Sigma * pixels, (int)Math.Round(CorruptionParameters.GlassBlur[s].MaxDelta * pixels), CorruptionParameters.GlassBlur[s].Iterations, generator),
            Corruption.Snow => SnowCorruption.Apply(x, CorruptionParameters.Snow[s], pixels, generator),
            _ => throw new ArgumentOutOfRangeException(nameof(corruption), corruption, null),
        };
        return result.clamp(0, 1).to(images.dtype).MoveToOuterDisposeScope();
    }

    private static Tensor Noise(Tensor like, Generator generator) =>
        randn(like.shape, dtype: ScalarType.Float32, generator: generator).to(like.device);

    private static Tensor Uniform(long[] shape, Device device, Generator generator) =>
        rand(shape, dtype: ScalarType.Float32, generator: generator).to(device);

    private static Tensor Impulse(Tensor x, double amount, Generator generator)
    {
        var u = Uniform(x.shape, x.device, generator);
        var salt = u.lt(amount / 2);
        var pepper = u.ge(amount / 2).logical_and(u.lt(amount));
        return x.masked_fill(salt, 1.0).masked_fill(pepper, 0.0);
    }

    private static Tensor Defocus(Tensor x, double radius, double sigma)
    {
        var disk = ImageFilters.Convolve(x, ImageFilters.Disk(radius));
        return ImageFilters.GaussianBlur(disk, sigma);
    }

    private static Tensor Zoom(Tensor x, double largest)
    {
        var sum = x.clone();
        var count = 1;
        for (var zoom = 1.0; zoom <= largest + 1e-9; zoom += 0.01, count++)
        {
            using var grid = ImageFilters.Grid(x, zoom);
            sum.add_(ImageFilters.Sample(x, grid));
        }

        return sum.div(count);
    }

    private static Tensor Brightness(Tensor x, double delta)
    {
        var value = x.amax([1L], keepdim: true);
        var brighter = value.add(delta).clamp(0, 1);
        return where(value.gt(1e-6), x.mul(brighter.div(value.clamp_min(1e-6))), brighter.expand_as(x));
    }

    private static Tensor Contrast(Tensor x, double factor)
    {
        var mean = x.mean([1L, 2L, 3L], keepdim: true);
        return x.sub(mean).mul(factor).add(mean);
    }

    private static Tensor Saturate(Tensor x, double scale, double shift)
    {
        if (x.shape[1] < 3)
        {
            return x;
        }

        var value = x.amax([1L], keepdim: true);
        var saturation = value.sub(x.amin([1L], keepdim: true)).div(value.clamp_min(1e-6));
        var target = saturation.mul(scale).add(shift).clamp(0, 1);
        var ratio = where(saturation.gt(1e-6), target.div(saturation.clamp_min(1e-6)), ones_like(saturation));
        return value.sub(value.sub(x).mul(ratio));
    }

    private static Tensor Pixelate(Tensor x, double factor)
    {
        var (h, w) = (x.shape[2], x.shape[3]);
        var small = nn.functional.interpolate(x, [Math.Max(1, (long)Math.Round(h * factor)), Math.Max(1, (long)Math.Round(w * factor))], mode: InterpolationMode.Area);
        return nn.functional.interpolate(small, [h, w], mode: InterpolationMode.Area);
    }
}
