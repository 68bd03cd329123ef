using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Augmentation;

/// <summary>Batched colour operations on float images [B, C, H, W] in [0, 1], with per-sample factors.</summary>
internal static class ColourOps
{
    private static readonly double[] LumaWeights = [0.299, 0.587, 0.114];

    /// <summary>RGB to YIQ (rows Y, I, Q).</summary>
    private static readonly double[,] RgbToYiq =
    {
        { 0.299, 0.587, 0.114 },
        { 0.596, -0.274, -0.322 },
        { 0.211, -0.523, 0.312 },
    };

    /// <summary>The luma of RGB images, [B, 1, H, W].</summary>
    public static Tensor Grayscale(Tensor rgb)
    {
        using var weights = tensor(LumaWeights, dtype: rgb.dtype, device: rgb.device).view(1, 3, 1, 1);
        return rgb.mul(weights).sum(1, keepdim: true);
    }

    /// <summary>Blends towards <paramref name="other"/>: factor * image + (1 - factor) * other, clamped to [0, 1].</summary>
    public static Tensor Blend(Tensor image, Tensor other, Tensor factor) =>
        image.sub(other).mul_(factor).add_(other).clamp_(0.0, 1.0);

    /// <summary>
    /// Per-sample RGB matrices [B, 3, 3] (float64, CPU) that rotate the chroma plane of YIQ by 2 * pi * shift, i.e.
    /// a hue shift by <paramref name="shift"/> (in turns, [B] float64).
    /// </summary>
    public static Tensor HueMatrices(Tensor shift)
    {
        using var scope = NewDisposeScope();
        var toYiq = tensor(RgbToYiq, dtype: ScalarType.Float64);
        var fromYiq = linalg.inv(toYiq);
        var angle = shift.mul(2.0 * Math.PI);
        var cos = angle.cos();
        var sin = angle.sin();
        var one = ones_like(cos);
        var zero = zeros_like(cos);
        var rotation = stack([one, zero, zero, zero, cos, sin.neg(), zero, sin, cos], 1).view(-1, 3, 3);
        return fromYiq.matmul(rotation).matmul(toYiq).MoveToOuterDisposeScope();
    }

    /// <summary>Applies per-sample 3x3 colour matrices [B, 3, 3] to RGB images [B, 3, H, W], clamped to [0, 1].</summary>
    public static Tensor ApplyMatrices(Tensor rgb, Tensor matrices)
    {
        var shape = rgb.shape;
        using var flat = rgb.reshape(shape[0], 3, -1);
        using var mixed = matrices.bmm(flat);
        return mixed.view(shape).clamp_(0.0, 1.0);
    }
}
