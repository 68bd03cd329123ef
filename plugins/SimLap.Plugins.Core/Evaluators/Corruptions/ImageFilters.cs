using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Evaluators.Corruptions;

/// <summary>Batched filters on float images [B, C, H, W]: convolutions with edge replication (or mirroring), Gaussian, disk and motion kernels, warps.</summary>
internal static class ImageFilters
{
    /// <summary>A normalised 1-D Gaussian kernel of radius max(1, ceil(3 sigma)) (float64).</summary>
    public static Tensor Gaussian1d(double sigma)
    {
        var radius = Math.Max(1, (int)Math.Ceiling(3 * sigma));
        using var positions = arange(-radius, radius + 1, dtype: ScalarType.Float64);
        using var weights = positions.square().div(-2 * sigma * sigma).exp();
        return weights.div(weights.sum());
    }

    /// <summary>Separable Gaussian blur of every channel.</summary>
    public static Tensor GaussianBlur(Tensor images, double sigma)
    {
        using var scope = NewDisposeScope();
        var kernel = Gaussian1d(sigma);
        var rows = Convolve(images, kernel.unsqueeze(0));
        return Convolve(rows, kernel.unsqueeze(1)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Separable Gaussian blur of every channel as scipy's gaussian_filter with mode 'reflect' (dcba|abcd, repeated
    /// for kernels wider than the image) and truncate 3 (radius round(3 sigma)); sigma 0 leaves the images as they are.
    /// </summary>
    public static Tensor GaussianBlurReflect(Tensor images, double sigma)
    {
        var radius = (int)((3 * sigma) + 0.5);
        if (radius == 0)
        {
            return images.clone();
        }

        using var scope = NewDisposeScope();
        var positions = arange(-radius, radius + 1, dtype: ScalarType.Float64);
        var weights = positions.square().div(-2 * sigma * sigma).exp();
        var kernel = weights.div(weights.sum()).to(images.dtype).to(images.device);
        var c = images.shape[1];
        var rows = nn.functional.conv2d(ReflectPad(images, 3, radius), kernel.view(1, 1, 1, -1).expand(c, 1, 1, -1).contiguous(), groups: c);
        return nn.functional.conv2d(ReflectPad(rows, 2, radius), kernel.view(1, 1, -1, 1).expand(c, 1, -1, 1).contiguous(), groups: c).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Convolves every channel with one 2-D kernel [kh, kw] (odd sizes), or each image with its own kernel [B, kh, kw],
    /// padding by edge replication so the size is kept.
    /// </summary>
    public static Tensor Convolve(Tensor images, Tensor kernel)
    {
        using var scope = NewDisposeScope();
        var (b, c, h, w) = (images.shape[0], images.shape[1], images.shape[2], images.shape[3]);
        var perImage = kernel.dim() == 3;
        var (kh, kw) = (kernel.shape[^2], kernel.shape[^1]);
        var weights = kernel.to(images.dtype).to(images.device);
        var padded = nn.functional.pad(images, [kw / 2, kw / 2, kh / 2, kh / 2], PaddingModes.Replicate);
        Tensor output;
        if (perImage)
        {
            var grouped = weights.unsqueeze(1).repeat_interleave(c, 0);
            output = nn.functional.conv2d(padded.reshape(1, b * c, h + (kh / 2 * 2), w + (kw / 2 * 2)), grouped, groups: b * c).reshape(b, c, h, w);
        }
        else
        {
            output = nn.functional.conv2d(padded, weights.expand(c, 1, kh, kw).contiguous(), groups: c);
        }

        return output.MoveToOuterDisposeScope();
    }

    /// <summary>A normalised disk of <paramref name="radius"/> (at least the centre pixel), as in CIFAR-10-C's defocus blur.</summary>
    public static Tensor Disk(double radius)
    {
        var extent = Math.Max(1, (int)Math.Ceiling(radius));
        using var scope = NewDisposeScope();
        var positions = arange(-extent, extent + 1, dtype: ScalarType.Float64);
        var distance = positions.unsqueeze(1).square().add(positions.unsqueeze(0).square());
        var disk = distance.le(Math.Max(radius * radius, 0)).to(ScalarType.Float64);
        return disk.div(disk.sum()).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// One-sided line blur of each image along its own direction, drawn uniformly in [<paramref name="fromRadians"/>,
    /// <paramref name="toRadians"/>] (x right, y down): Gaussian weights of <paramref name="sigma"/> over distances 0 to
    /// <paramref name="length"/> along the line, as ImageMagick's motion blur.
    /// </summary>
    public static Tensor MotionBlur(Tensor images, double length, double sigma, double fromRadians, double toRadians, Generator generator)
    {
        using var scope = NewDisposeScope();
        var b = images.shape[0];
        var radius = Math.Max(1, (int)Math.Ceiling(length));
        var angle = rand(b, dtype: ScalarType.Float64, generator: generator).mul(toRadians - fromRadians).add(fromRadians).view(b, 1, 1);
        var offsets = arange(-radius, radius + 1, dtype: ScalarType.Float64);
        var dx = offsets.view(1, 1, -1);
        var dy = offsets.view(1, -1, 1);
        var along = dx.mul(angle.cos()).add(dy.mul(angle.sin()));
        var across = dx.mul(angle.sin()).neg().add(dy.mul(angle.cos()));
        var weight = along.square().div(-2 * sigma * sigma).exp()
            .mul(across.abs().neg().add(1).clamp_min(0))
            .mul(along.ge(0).logical_and(along.le(length)).to(ScalarType.Float64));
        var kernels = weight.div(weight.sum([1L, 2L], keepdim: true));
        return Convolve(images, kernels).MoveToOuterDisposeScope();
    }

    /// <summary>Samples images at a sampling grid [B, H, W, 2] (normalised coordinates), bilinear, edges replicated.</summary>
    public static Tensor Sample(Tensor images, Tensor grid) =>
        nn.functional.grid_sample(images, grid.to(images.dtype), GridSampleMode.Bilinear, GridSamplePaddingMode.Border, align_corners: false);

    /// <summary>
    /// The identity sampling grid [B, H, W, 2] of <paramref name="images"/>, scaled by 1 / <paramref name="zoom"/> about
    /// the centre: one grid, expanded over the batch (the same values as a grid per image, without building B of them,
    /// which took most of zoom blur's time).
    /// </summary>
    public static Tensor Grid(Tensor images, double zoom = 1.0)
    {
        using var scope = NewDisposeScope();
        var theta = tensor(new double[] { 1 / zoom, 0, 0, 0, 1 / zoom, 0 }, dtype: images.dtype, device: images.device).reshape(1, 2, 3);
        var grid = nn.functional.affine_grid(theta, [1, images.shape[1], images.shape[2], images.shape[3]], align_corners: false);
        return grid.expand(images.shape[0], -1, -1, -1).MoveToOuterDisposeScope();
    }

    /// <summary>Pads <paramref name="dim"/> by <paramref name="radius"/> on both sides, mirrored about the edges (period 2n).</summary>
    private static Tensor ReflectPad(Tensor images, long dim, int radius)
    {
        var n = images.shape[dim];
        var index = arange(-radius, n + radius, dtype: ScalarType.Int64, device: images.device).remainder(2 * n);
        return images.index_select(dim, where(index.lt(n), index, index.neg().add((2 * n) - 1)));
    }
}
