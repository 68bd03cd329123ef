using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Augmentation;

/// <summary>
/// Batched geometric operations on float images [B, C, H, W]: one affine resampling per sample. Per-sample parameters
/// are float64 tensors [B] on the CPU (drawn from a component's generator); they are moved to the images' device here.
/// </summary>
public static class GeometryOps
{
    /// <summary>
    /// Parameters of random resized crops from uniform draws in [0, 1): the crop's area is uniform in
    /// <paramref name="scale"/> (a fraction of the image), its aspect ratio log-uniform in <paramref name="ratio"/>,
    /// its sides clamped to the image, its centre uniform over the positions that keep it inside.
    /// </summary>
    /// <param name="uniform">Draws [B, 4] (area, ratio, centre x, centre y), float64 on the CPU.</param>
    /// <param name="height">The image height.</param>
    /// <param name="width">The image width.</param>
    /// <param name="scale">[min, max] of the area fraction.</param>
    /// <param name="ratio">[min, max] of width / height.</param>
    /// <returns>Crop width and height as fractions of the image side, and the centre in normalised coordinates [-1, 1]; each [B].</returns>
    public static (Tensor Width, Tensor Height, Tensor CentreX, Tensor CentreY) ResizedCropBoxes(
        Tensor uniform, long height, long width, double[] scale, double[] ratio)
    {
        ArgumentNullException.ThrowIfNull(uniform);
        using var scope = NewDisposeScope();
        var area = uniform.select(1, 0).mul(scale[1] - scale[0]).add_(scale[0]);
        var (logMin, logMax) = (Math.Log(ratio[0]), Math.Log(ratio[1]));
        var aspect = uniform.select(1, 1).mul(logMax - logMin).add_(logMin).exp_();

        var cropWidth = area.mul(aspect).mul_((double)height / width).sqrt_().clamp_max_(1.0);
        var cropHeight = area.div(aspect).mul_((double)width / height).sqrt_().clamp_max_(1.0);
        var centreX = uniform.select(1, 2).mul(2.0).sub_(1.0).mul_(cropWidth.neg().add_(1.0));
        var centreY = uniform.select(1, 3).mul(2.0).sub_(1.0).mul_(cropHeight.neg().add_(1.0));
        return (cropWidth.MoveToOuterDisposeScope(), cropHeight.MoveToOuterDisposeScope(),
            centreX.MoveToOuterDisposeScope(), centreY.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Resamples each image from its box: output pixel (u, v) in normalised coordinates reads the input at
    /// (centreX + width * u * (flip ? -1 : 1), centreY + height * v). A box of width = height = 1 centred at 0 is the image.
    /// </summary>
    /// <param name="images">Float images [B, C, H, W].</param>
    /// <param name="width">Box width as a fraction of the image width, [B] float64 on the CPU.</param>
    /// <param name="height">Box height as a fraction of the image height, [B].</param>
    /// <param name="centreX">Box centre x in [-1, 1], [B].</param>
    /// <param name="centreY">Box centre y in [-1, 1], [B].</param>
    /// <param name="flip">Which samples to mirror horizontally, [B] bool on the CPU.</param>
    /// <param name="mode">Bilinear for resized crops; nearest for exact integer shifts.</param>
    /// <param name="padding">What is read outside the image.</param>
    public static Tensor Resample(
        Tensor images, Tensor width, Tensor height, Tensor centreX, Tensor centreY, Tensor flip,
        GridSampleMode mode = GridSampleMode.Bilinear, GridSamplePaddingMode padding = GridSamplePaddingMode.Border)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var scope = NewDisposeScope();
        var sign = where(flip, -1.0, 1.0);
        var zero = zeros_like(width);
        var theta = stack([width.mul(sign), zero, centreX, zero, height, centreY], 1)
            .view(-1, 2, 3)
            .to(images.dtype, images.device);
        var grid = nn.functional.affine_grid(theta, images.shape, align_corners: false);
        return nn.functional.grid_sample(images, grid, mode, padding, align_corners: false).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Pad-and-crop with a flip: each image shifted by a whole number of pixels in [-padding, padding] per axis (the
    /// random crop of the image size from the image padded by <paramref name="padding"/>), exactly, without interpolation.
    /// </summary>
    /// <param name="images">Float images [B, C, H, W].</param>
    /// <param name="uniform">Draws [B, 2] (x, y) in [0, 1), float64 on the CPU.</param>
    /// <param name="padding">The padding in pixels.</param>
    /// <param name="flip">Which samples to mirror horizontally, [B] bool on the CPU.</param>
    /// <param name="fill">What the padding is filled with.</param>
    public static Tensor PadCrop(Tensor images, Tensor uniform, int padding, Tensor flip, GridSamplePaddingMode fill)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(uniform);
        using var scope = NewDisposeScope();
        double height = images.shape[2], width = images.shape[3];
        var shifts = uniform.mul(2 * padding + 1).floor_().sub_(padding).clamp_(-padding, padding);
        var one = ones(images.shape[0], dtype: ScalarType.Float64);

        // One pixel is 2 / size in normalised coordinates (align_corners: false).
        var centreX = shifts.select(1, 0).mul(2.0 / width);
        var centreY = shifts.select(1, 1).mul(2.0 / height);
        return Resample(images, one, one, centreX, centreY, flip, GridSampleMode.Nearest, fill).MoveToOuterDisposeScope();
    }
}
