using SimLap.Plugins.Core.Augmentation;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Evaluators.Corruptions;

/// <summary>
/// CIFAR-10-C's snow: per image, a one-channel Gaussian layer N(mean, std), zoomed about the centre, values below the
/// threshold set to 0, motion-blurred at an angle in [-135, -45] degrees; the image is whitened to
/// blend x + (1 - blend) max(x, 1.5 grey(x) + 0.5), and the layer and its 180-degree rotation are added.
/// </summary>
internal static class SnowCorruption
{
    /// <summary>Snows on images [B, C, H, W] (<paramref name="pixels"/>: the image size / 32; the result is not clamped).</summary>
    public static Tensor Apply(Tensor x, (double Mean, double Std, double Zoom, double Threshold, double Radius, double Sigma, double Blend) p, double pixels, Generator generator)
    {
        using var scope = NewDisposeScope();
        var (b, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3]);
        var layer = randn(new long[] { b, 1, h, w }, dtype: ScalarType.Float32, generator: generator).to(x.device).mul(p.Std).add(p.Mean);
        var zoom = p.Zoom * pixels;
        if (zoom > 1)
        {
            layer = ImageFilters.Sample(layer, ImageFilters.Grid(layer, zoom));
        }

        layer = layer.masked_fill(layer.lt(p.Threshold), 0).clamp(0, 1);

        // ImageMagick's motion blur of radius r (the reference's) has 2r + 1 taps, at distances 0 to 2r.
        layer = ImageFilters.MotionBlur(layer, 2 * p.Radius * pixels, p.Sigma * pixels, -3 * Math.PI / 4, -Math.PI / 4, generator);
        var grey = ColourOps.Grayscale(x);
        var whitened = x.mul(p.Blend).add(maximum(x, grey.mul(1.5).add(0.5)).mul(1 - p.Blend));
        return whitened.add(layer).add(layer.flip(2, 3)).MoveToOuterDisposeScope();
    }
}
