using SimLap.Plugins.Core.Augmentation;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Evaluators.Reference;

/// <summary>
/// The corruptions as they were before issue 20's speed-up (test-only copies), the reference the batched code must
/// match: zoom blur and snow with one sampling grid built per image (<c>ImageFilters.Grid</c>, <c>Sample</c>,
/// <c>Convolve</c> and <c>MotionBlur</c> copied as they stood).
/// </summary>
internal static class CorruptionReference
{
    /// <summary>The old zoom blur: the image averaged with its zooms 1, 1.01, ... up to <paramref name="largest"/>.</summary>
    public static Tensor ZoomBlur(Tensor x, double largest)
    {
        using var scope = NewDisposeScope();
        var sum = x.clone();
        var count = 1;
        for (var zoom = 1.0; zoom <= largest + 1e-9; zoom += 0.01, count++)
        {
            using var grid = Grid(x, zoom);
            sum.add_(Sample(x, grid));
        }

        return sum.div(count).clamp(0, 1).MoveToOuterDisposeScope();
    }

    /// <summary>The old snow (before the final clamp of ImageCorruptions, which this applies too).</summary>
    public static Tensor Snow(Tensor x, (double Mean, double Std, double Zoom, double Threshold, double Radius, double Sigma, double Blend) p, double pixels, Generator generator)
    {
        using var scope = NewDisposeScope();
        var (b, h, w) = (x.shape[0], x.shape[2], x.shape[3]);
        var layer = randn(new long[] { b, 1, h, w }, dtype: ScalarType.Float32, generator: generator).to(x.device).mul(p.Std).add(p.Mean);
        var zoom = p.Zoom * pixels;
        if (zoom > 1)
        {
            layer = Sample(layer, Grid(layer, zoom));
        }

        layer = layer.masked_fill(layer.lt(p.Threshold), 0).clamp(0, 1);
        layer = MotionBlur(layer, 2 * p.Radius * pixels, p.Sigma * pixels, -3 * Math.PI / 4, -Math.PI / 4, generator);
        var grey = ColourOps.Grayscale(x);
        var whitened = x.mul(p.Blend).add(maximum(x, grey.mul(1.5).add(0.5)).mul(1 - p.Blend));
        return whitened.add(layer).add(layer.flip(2, 3)).clamp(0, 1).MoveToOuterDisposeScope();
    }

    private static Tensor Sample(Tensor images, Tensor grid) =>
        nn.functional.grid_sample(images, grid.to(images.dtype), GridSampleMode.Bilinear, GridSamplePaddingMode.Border, align_corners: false);

    private static Tensor Grid(Tensor images, double zoom)
    {
        using var scope = NewDisposeScope();
        var b = images.shape[0];
        var theta = tensor(new double[] { 1 / zoom, 0, 0, 0, 1 / zoom, 0 }, dtype: images.dtype, device: images.device).reshape(1, 2, 3).expand(b, 2, 3).contiguous();
        return nn.functional.affine_grid(theta, [b, images.shape[1], images.shape[2], images.shape[3]], align_corners: false).MoveToOuterDisposeScope();
    }

    private static Tensor MotionBlur(Tensor images, double length, double sigma, double fromRadians, double toRadians, Generator generator)
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

    private static Tensor Convolve(Tensor images, Tensor kernel)
    {
        using var scope = NewDisposeScope();
        var (b, c, h, w) = (images.shape[0], images.shape[1], images.shape[2], images.shape[3]);
        var (kh, kw) = (kernel.shape[^2], kernel.shape[^1]);
        var weights = kernel.to(images.dtype).to(images.device);
        var padded = nn.functional.pad(images, [kw / 2, kw / 2, kh / 2, kh / 2], PaddingModes.Replicate);
        var grouped = weights.unsqueeze(1).repeat_interleave(c, 0);
        return nn.functional.conv2d(padded.reshape(1, b * c, h + (kh / 2 * 2), w + (kw / 2 * 2)), grouped, groups: b * c).reshape(b, c, h, w).MoveToOuterDisposeScope();
    }
}
