using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Evaluators.Corruptions;

/// <summary>
/// CIFAR-10-C's elastic transform. First a random affine warp: three points around the centre, (c + s, c + s),
/// (c + s, c - s) and (c - s, c - s) with s = min(H, W) / 3 (integer division), have each coordinate moved uniformly in
/// ±affine pixels, and the affine map taking the points to the moved ones warps the image (OpenCV's warpAffine). Then a
/// displacement field per image, uniform noise in [-1, 1] Gaussian-smoothed (scipy's gaussian_filter, mode 'reflect',
/// truncate 3) times alpha pixels, one for x and one for y, is applied with bilinear sampling. Points and fields are
/// (x = column, y = row), as OpenCV's.
/// </summary>
public static class ElasticTransformCorruption
{
    /// <summary>Transforms images [B, C, H, W] (alpha, sigma and affine in pixels); alpha 0 leaves the affine warp alone.</summary>
    public static Tensor Apply(Tensor x, double alpha, double sigma, double affine, Generator generator)
    {
        using var scope = NewDisposeScope();
        var (b, h, w) = (x.shape[0], x.shape[2], x.shape[3]);
        var result = WarpAffine(x, RandomMoves(b, affine, generator));
        if (alpha > 0)
        {
            var noise = rand(new long[] { b, 2, h, w }, dtype: ScalarType.Float64, generator: generator).mul(2).sub(1);
            var field = ImageFilters.GaussianBlurReflect(noise, sigma).mul(alpha);
            result = Displace(result, field);
        }

        return result.MoveToOuterDisposeScope();
    }

    /// <summary>Moves [B, 3, 2] (float64, pixels) of the three affine points, each coordinate uniform in ±<paramref name="affine"/>.</summary>
    public static Tensor RandomMoves(long batch, double affine, Generator generator) =>
        rand(new long[] { batch, 3, 2 }, dtype: ScalarType.Float64, generator: generator).mul(2).sub(1).mul(affine);

    /// <summary>The three affine points [3, 2] (float64, x then y) of an image of <paramref name="height"/> x <paramref name="width"/>.</summary>
    public static Tensor AffinePoints(long height, long width)
    {
        var (cx, cy, s) = (width / 2, height / 2, Math.Min(height, width) / 3);
        return tensor(new double[] { cx + s, cy + s, cx + s, cy - s, cx - s, cy - s }, dtype: ScalarType.Float64).view(3, 2);
    }

    /// <summary>The affine maps [B, 2, 3] (float64) taking points <paramref name="from"/> [B, 3, 2] to <paramref name="to"/> [B, 3, 2]: to = M [x, y, 1].</summary>
    public static Tensor SolveAffine(Tensor from, Tensor to)
    {
        using var scope = NewDisposeScope();
        var source = from.to(ScalarType.Float64);
        var homogeneous = cat([source, ones_like(source.narrow(2, 0, 1))], 2);
        return linalg.solve(homogeneous, to.to(ScalarType.Float64)).transpose(1, 2).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Warps images [B, C, H, W] by the affine map taking <see cref="AffinePoints"/> to those points plus
    /// <paramref name="moves"/> [B, 3, 2] (pixels), as OpenCV's warpAffine: bilinear, reflect-101 borders.
    /// </summary>
    public static Tensor WarpAffine(Tensor x, Tensor moves)
    {
        using var scope = NewDisposeScope();
        var (b, h, w) = (x.shape[0], x.shape[2], x.shape[3]);
        var points = AffinePoints(h, w).unsqueeze(0).expand(b, 3, 2);

        // warpAffine samples the source at the inverse map of every output pixel: solve moved -> original directly.
        var inverse = SolveAffine(points.add(moves.to(ScalarType.Float64).cpu()), points);
        var columns = arange(w, dtype: ScalarType.Float64).view(1, w).expand(h, w);
        var rows = arange(h, dtype: ScalarType.Float64).view(h, 1).expand(h, w);
        var pixels = stack([columns, rows, ones(h, w, dtype: ScalarType.Float64)], 2).view(1, h * w, 3);
        var source = pixels.matmul(inverse.transpose(1, 2)).view(b, h, w, 2);

        // With align_corners, 'reflection' mirrors about the centres of the edge pixels: OpenCV's BORDER_REFLECT_101
        // (gfedcb|abcdefgh|gfedcba), exactly for bilinear sampling; align_corners=false would mirror about the edges.
        var scale = tensor(new double[] { 2.0 / Math.Max(1, w - 1), 2.0 / Math.Max(1, h - 1) }, dtype: ScalarType.Float64).view(1, 1, 1, 2);
        var grid = source.mul(scale).sub(1).to(x.dtype).to(x.device);
        return nn.functional.grid_sample(x, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Reflection, align_corners: true).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Samples images [B, C, H, W] at every pixel plus <paramref name="field"/> [B, 2, H, W] (pixels; channel 0 along
    /// x, the columns, channel 1 along y, the rows), bilinear, as scipy's map_coordinates with mode 'reflect'.
    /// </summary>
    public static Tensor Displace(Tensor x, Tensor field)
    {
        using var scope = NewDisposeScope();
        var (h, w) = (x.shape[2], x.shape[3]);
        var columns = arange(w, dtype: ScalarType.Float64, device: field.device).view(1, 1, w).add(field.select(1, 0));
        var rows = arange(h, dtype: ScalarType.Float64, device: field.device).view(1, h, 1).add(field.select(1, 1));

        // Without align_corners, 'reflection' mirrors about the image edges: scipy's half-sample 'reflect' (dcba|abcd).
        var grid = stack([columns.mul(2).add(1).div(w).sub(1), rows.mul(2).add(1).div(h).sub(1)], 3).to(x.dtype).to(x.device);
        return nn.functional.grid_sample(x, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Reflection, align_corners: false).MoveToOuterDisposeScope();
    }
}
