using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Augmentation;

/// <summary>
/// Gaussian blur with a per-image sigma on a whole batch: per-image 1-D kernels [B, k], applied as two separable
/// grouped convolutions with the batch folded into the channels (groups = B * C), with reflected borders.
/// </summary>
public static class BlurOps
{
    /// <summary>
    /// The kernel size for images of <paramref name="height"/> x <paramref name="width"/>, as in SimCLR: the fraction of
    /// the shorter side, rounded down, made odd (2 * floor(size / 2) + 1), at least 3, and small enough for reflection.
    /// </summary>
    public static int KernelSize(long height, long width, double fraction)
    {
        var side = Math.Min(height, width);
        var radius = Math.Max(1, (int)(fraction * side) / 2);
        radius = (int)Math.Min(radius, side - 1);
        return 2 * Math.Max(radius, 0) + 1;
    }

    /// <summary>Normalised 1-D Gaussian kernels [B, size] (float64, CPU), one per sigma ([B], in pixels).</summary>
    public static Tensor Kernels(Tensor sigma, int size)
    {
        ArgumentNullException.ThrowIfNull(sigma);
        using var scope = NewDisposeScope();
        var radius = size / 2;
        var offsets = arange(-radius, radius + 1, dtype: ScalarType.Float64).view(1, -1);
        var s = sigma.to(ScalarType.Float64).view(-1, 1);
        var kernels = offsets.square().div(s.square().mul(-2.0)).exp_();
        return kernels.div_(kernels.sum(1, keepdim: true)).MoveToOuterDisposeScope();
    }

    /// <summary>Blurs every image with its own sigma ([B] float64, CPU, in pixels) and a kernel of <paramref name="size"/> taps.</summary>
    public static Tensor GaussianBlur(Tensor images, Tensor sigma, int size)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (size < 3)
        {
            return images.alias();
        }

        using var scope = NewDisposeScope();
        long batch = images.shape[0], channels = images.shape[1], height = images.shape[2], width = images.shape[3];
        var radius = size / 2;
        var groups = batch * channels;
        var kernels = Kernels(sigma, size).to(images.dtype, images.device)
            .repeat_interleave(channels, 0); // [B * C, k]: image b's kernel for each of its channels
        var folded = images.reshape(1, groups, height, width);

        var padded = nn.functional.pad(folded, [radius, radius, 0, 0], PaddingModes.Reflect);
        var rows = nn.functional.conv2d(padded, kernels.view(groups, 1, 1, size), groups: groups);
        padded = nn.functional.pad(rows, [0, 0, radius, radius], PaddingModes.Reflect);
        var blurred = nn.functional.conv2d(padded, kernels.view(groups, 1, size, 1), groups: groups);
        return blurred.view(batch, channels, height, width).clamp_(0.0, 1.0).MoveToOuterDisposeScope();
    }

    /// <summary>Blurs the images where <paramref name="mask"/> ([B] bool, CPU) is set; the others are untouched.</summary>
    public static Tensor RandomGaussianBlur(Tensor images, Tensor mask, Tensor sigma, int size)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(sigma);
        using var scope = NewDisposeScope();
        var selected = mask.nonzero().view(-1);
        var count = selected.shape[0];
        if (count == 0)
        {
            return images.alias().MoveToOuterDisposeScope();
        }

        if (count == images.shape[0])
        {
            return GaussianBlur(images, sigma, size).MoveToOuterDisposeScope();
        }

        var index = selected.to(images.device);
        var blurred = GaussianBlur(images.index_select(0, index), sigma.index_select(0, selected), size);
        return images.index_copy(0, index, blurred).MoveToOuterDisposeScope();
    }
}
