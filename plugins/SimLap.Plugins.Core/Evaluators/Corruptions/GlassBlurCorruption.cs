using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Evaluators.Corruptions;

/// <summary>CIFAR-10-C's glass blur: a Gaussian blur, rounds of local pixel shuffling, the same Gaussian blur again.</summary>
internal static class GlassBlurCorruption
{
    /// <summary>Glass-blurs images [B, C, H, W] (sigma and max shift in pixels).</summary>
    public static Tensor Apply(Tensor x, double sigma, int maxDelta, int iterations, Generator generator)
    {
        using var scope = NewDisposeScope();
        var result = ImageFilters.GaussianBlur(x, sigma);
        for (var round = 0; round < iterations; round++)
        {
            result = Shuffle(result, Math.Max(1, maxDelta), generator);
        }

        return ImageFilters.GaussianBlur(result, sigma).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The vectorised analogue of CIFAR-10-C's sequential swaps: every pixel (all channels alike) takes the value of the
    /// pixel at a random shift in [-maxDelta, maxDelta]² (clamped to the image), all in one gather. Unlike a swap, a
    /// gather may repeat or drop values, so the mean is kept only on average.
    /// </summary>
    private static Tensor Shuffle(Tensor x, int maxDelta, Generator generator)
    {
        var (b, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3]);
        var shifts = randint(-maxDelta, maxDelta + 1, new long[] { 2, b, 1, h, w }, dtype: ScalarType.Int64, generator: generator).to(x.device);
        var rows = arange(h, dtype: ScalarType.Int64, device: x.device).view(1, 1, h, 1).add(shifts[0]).clamp(0, h - 1);
        var columns = arange(w, dtype: ScalarType.Int64, device: x.device).view(1, 1, 1, w).add(shifts[1]).clamp(0, w - 1);
        var index = rows.mul(w).add(columns).view(b, 1, h * w).expand(b, c, h * w);
        return x.reshape(b, c, h * w).gather(2, index).view(b, c, h, w);
    }
}
