using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Augmentation;

/// <summary>
/// Batched colour operations on float images [B, C, H, W] in [0, 1], with per-sample factors given as float64 tensors
/// [B] on the CPU (moved to the images' device here). They follow torchvision's definitions; hue is a rotation of the
/// chroma plane in YIQ (one 3x3 matrix per image, keeping luma) rather than an HSV round trip. Saturation, hue and
/// grayscale need 3-channel (RGB) images and return other images unchanged; brightness and contrast work on any.
/// </summary>
public static class ColourOps
{
    private static readonly double[] LumaWeights = [0.299, 0.587, 0.114];

    /// <summary>RGB to YIQ (rows Y, I, Q).</summary>
    private static readonly double[,] RgbToYiq =
    {
        { 0.299, 0.587, 0.114 },
        { 0.596, -0.274, -0.322 },
        { 0.211, -0.523, 0.312 },
    };

    /// <summary>Whether colour operations (saturation, hue, grayscale) apply to images with this many channels.</summary>
    public static bool IsColour(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        return images.shape[1] == 3;
    }

    /// <summary>The luma of RGB images, [B, 1, H, W]; the channel mean of other images.</summary>
    public static Tensor Grayscale(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (!IsColour(images))
        {
            return images.mean([1], keepdim: true);
        }

        using var weights = tensor(LumaWeights, dtype: images.dtype, device: images.device).view(1, 3, 1, 1);
        return images.mul(weights).sum(1, keepdim: true);
    }

    /// <summary>Blends towards <paramref name="other"/>: factor * image + (1 - factor) * other, clamped to [0, 1].</summary>
    public static Tensor Blend(Tensor image, Tensor other, Tensor factor)
    {
        ArgumentNullException.ThrowIfNull(image);
        return image.sub(other).mul_(factor).add_(other).clamp_(0.0, 1.0);
    }

    /// <summary>Brightness: image * factor, clamped (torchvision's <c>adjust_brightness</c>).</summary>
    public static Tensor Brightness(Tensor images, Tensor factor)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var f = PerSample(factor, images);
        return images.mul(f).clamp_(0.0, 1.0);
    }

    /// <summary>Contrast: a blend towards the image's mean luma (torchvision's <c>adjust_contrast</c>).</summary>
    public static Tensor Contrast(Tensor images, Tensor factor)
    {
        using var scope = NewDisposeScope();
        var mean = Grayscale(images).mean([1, 2, 3], keepdim: true);
        return Blend(images, mean, PerSample(factor, images)).MoveToOuterDisposeScope();
    }

    /// <summary>Saturation: a blend towards the image's luma (torchvision's <c>adjust_saturation</c>); identity on non-RGB images.</summary>
    public static Tensor Saturation(Tensor images, Tensor factor)
    {
        if (!IsColour(images))
        {
            return images.alias();
        }

        using var scope = NewDisposeScope();
        return Blend(images, Grayscale(images), PerSample(factor, images)).MoveToOuterDisposeScope();
    }

    /// <summary>Hue: rotates the chroma by <paramref name="shift"/> turns ([B], within [-0.5, 0.5]); identity on non-RGB images.</summary>
    public static Tensor Hue(Tensor images, Tensor shift)
    {
        if (!IsColour(images))
        {
            return images.alias();
        }

        using var scope = NewDisposeScope();
        var matrices = HueMatrices(shift).to(images.dtype, images.device);
        return ApplyMatrices(images, matrices).MoveToOuterDisposeScope();
    }

    /// <summary>Replaces the images where <paramref name="mask"/> ([B] bool, CPU) is set by their luma in every channel; identity on non-RGB images.</summary>
    public static Tensor RandomGrayscale(Tensor images, Tensor mask)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(mask);
        if (!IsColour(images))
        {
            return images.alias();
        }

        using var scope = NewDisposeScope();
        var on = mask.to(images.device).view(-1, 1, 1, 1);
        return where(on, Grayscale(images).expand_as(images), images).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Per-sample RGB matrices [B, 3, 3] (float64, CPU) that rotate the chroma plane of YIQ by 2 * pi * shift, i.e.
    /// a hue shift by <paramref name="shift"/> (in turns, [B] float64).
    /// </summary>
    public static Tensor HueMatrices(Tensor shift)
    {
        ArgumentNullException.ThrowIfNull(shift);
        using var scope = NewDisposeScope();
        var toYiq = tensor(RgbToYiq, dtype: ScalarType.Float64);
        var fromYiq = linalg.inv(toYiq);
        var angle = shift.to(ScalarType.Float64).mul(2.0 * Math.PI);
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
        ArgumentNullException.ThrowIfNull(rgb);
        ArgumentNullException.ThrowIfNull(matrices);
        var shape = rgb.shape;
        using var flat = rgb.reshape(shape[0], 3, -1);
        using var mixed = matrices.bmm(flat);
        return mixed.view(shape).clamp_(0.0, 1.0);
    }

    /// <summary>A per-sample factor [B] as [B, 1, 1, 1] in the images' dtype and device.</summary>
    private static Tensor PerSample(Tensor factor, Tensor images)
    {
        ArgumentNullException.ThrowIfNull(factor);
        return factor.to(images.dtype, images.device).view(-1, 1, 1, 1);
    }
}
