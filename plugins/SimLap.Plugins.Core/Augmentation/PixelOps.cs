using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Augmentation;

/// <summary>Batched per-pixel operations on float images [B, C, H, W]: solarisation and normalisation.</summary>
public static class PixelOps
{
    /// <summary>
    /// Solarisation of the images where <paramref name="mask"/> ([B] bool, CPU) is set: every pixel x >= threshold
    /// becomes 1 - x (torchvision's <c>solarize</c>; BYOL's and MoCo v3's with threshold 0.5).
    /// </summary>
    public static Tensor Solarize(Tensor images, Tensor mask, double threshold)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(mask);
        using var scope = NewDisposeScope();
        var on = mask.to(images.device).view(-1, 1, 1, 1);
        var invert = images.ge(threshold).logical_and_(on);
        return where(invert, images.neg().add_(1.0), images).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// (x - mean) / std per channel; <paramref name="mean"/> and <paramref name="std"/> hold one value (all channels) or
    /// one per channel; empty: the images unchanged (a new handle).
    /// </summary>
    public static Tensor Normalize(Tensor images, double[] mean, double[] std)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Length == 0)
        {
            return images.alias();
        }

        OptionRules.CheckNormalizeChannels(mean, images.shape[1]);
        using var m = tensor(mean, dtype: images.dtype, device: images.device).view(1, -1, 1, 1);
        using var s = tensor(std, dtype: images.dtype, device: images.device).view(1, -1, 1, 1);
        return images.sub(m).div_(s);
    }
}
