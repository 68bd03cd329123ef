using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Augmentation;

/// <summary>
/// The contrastive view pipeline behind <c>simclr</c>, <c>byol</c> and <c>moco-v3</c>, on a whole batch at once:
/// random resized crop and horizontal flip (one affine resampling per image), colour jitter with probability
/// <c>jitter_p</c> (brightness, contrast, saturation, hue in a random order per image), grayscale with probability
/// <c>grayscale_p</c>, Gaussian blur with probability <c>blur_p</c>, solarisation with probability <c>solarize_p</c>,
/// then the optional normalisation. Every per-image random number of a view is drawn in one call from the generator
/// (on the CPU, the same number of draws whatever the options), then moved to the images' device.
/// <para>
/// <see cref="Apply(Tensor)"/> alternates view 1 and view 2 (for the per-view <c>blur_p</c> and <c>solarize_p</c>):
/// the engine calls it exactly twice per step, in view order, so the first call of each step makes view 1.
/// </para>
/// </summary>
public sealed class ViewPipeline
{
    // Columns of the per-image uniform draws.
    private const int Crop = 0, Flip = 4, JitterOn = 5, Factors = 6, Order = 10, Gray = 14, BlurOn = 15, Sigma = 16, SolarizeOn = 17;
    private const int Draws = 18;

    private readonly ViewAugmentationOptions options;
    private readonly Generator generator;
    private int nextView;

    /// <summary>Creates the pipeline.</summary>
    /// <param name="options">The recipe's options.</param>
    /// <param name="generator">The component's generator, on the CPU.</param>
    public ViewPipeline(ViewAugmentationOptions options, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(generator);
        this.options = options;
        this.generator = generator;
    }

    /// <summary>The view (0 or 1) the next <see cref="Apply(Tensor)"/> makes.</summary>
    public int NextView => nextView;

    /// <summary>Makes the next view (view 1, view 2, view 1, ...) of <paramref name="images"/>, float [B, C, H, W] in [0, 1].</summary>
    public Tensor Apply(Tensor images)
    {
        var view = nextView;
        nextView = 1 - nextView;
        return Apply(images, view);
    }

    /// <summary>Makes view <paramref name="view"/> (0: view 1, 1: view 2) of <paramref name="images"/>.</summary>
    public Tensor Apply(Tensor images, int view)
    {
        CheckImages(images);
        using var scope = NewDisposeScope();
        var parameters = Sample(images.shape[0], images.shape[2], images.shape[3], view);
        return Apply(images, parameters).MoveToOuterDisposeScope();
    }

    /// <summary>Draws the random parameters of view <paramref name="view"/> for a batch of images of the given size.</summary>
    public ViewParameters Sample(long batch, long height, long width, int view)
    {
        if (view is not (0 or 1))
        {
            throw new ArgumentOutOfRangeException(nameof(view), view, "The view is 0 (view 1) or 1 (view 2).");
        }

        var o = this.options;
        var draws = rand(new long[] { batch, Draws }, dtype: ScalarType.Float64, generator: this.generator);
        var (cropWidth, cropHeight, centreX, centreY) = GeometryOps.ResizedCropBoxes(
            draws.narrow(1, Crop, 4), height, width, o.CropScale, o.CropRatio);

        var jitter = draws.select(1, JitterOn).lt(o.JitterP);
        var strengths = o.Jitter;
        var factors = stack(
            [
                Uniform(draws, Factors + 0, Math.Max(0.0, 1.0 - strengths[0]), 1.0 + strengths[0]),
                Uniform(draws, Factors + 1, Math.Max(0.0, 1.0 - strengths[1]), 1.0 + strengths[1]),
                Uniform(draws, Factors + 2, Math.Max(0.0, 1.0 - strengths[2]), 1.0 + strengths[2]),
                Uniform(draws, Factors + 3, -strengths[3], strengths[3]),
            ], 1);
        using var identity = tensor(new[] { 1.0, 1.0, 1.0, 0.0 }, dtype: ScalarType.Float64).view(1, 4);
        factors = where(jitter.view(-1, 1), factors, identity);

        return new ViewParameters(
            view,
            cropWidth,
            cropHeight,
            centreX,
            centreY,
            draws.select(1, Flip).lt(o.FlipP),
            jitter,
            factors,
            ColourJitterOps.RandomOrder(draws.narrow(1, Order, 4)),
            draws.select(1, Gray).lt(o.GrayscaleP),
            draws.select(1, BlurOn).lt(ViewAugmentationOptions.ForView(o.BlurP, view)),
            Uniform(draws, Sigma, o.BlurSigma[0], o.BlurSigma[1]),
            draws.select(1, SolarizeOn).lt(ViewAugmentationOptions.ForView(o.SolarizeP, view)));
    }

    /// <summary>Applies drawn parameters to <paramref name="images"/>, float [B, C, H, W] in [0, 1].</summary>
    public Tensor Apply(Tensor images, ViewParameters parameters)
    {
        CheckImages(images);
        ArgumentNullException.ThrowIfNull(parameters);
        using var scope = NewDisposeScope();
        var o = this.options;
        var p = parameters;
        var view = GeometryOps.Resample(images, p.CropWidth, p.CropHeight, p.CentreX, p.CentreY, p.Flip);

        if (o.JitterP > 0.0)
        {
            bool[] enabled = [o.Jitter[0] > 0.0, o.Jitter[1] > 0.0, o.Jitter[2] > 0.0, o.Jitter[3] > 0.0];
            view = ColourJitterOps.Apply(view, p.JitterFactors, p.JitterOrder, p.Jitter, enabled);
        }

        if (o.GrayscaleP > 0.0)
        {
            view = ColourOps.RandomGrayscale(view, p.Grayscale);
        }

        if (ViewAugmentationOptions.ForView(o.BlurP, p.View) > 0.0)
        {
            var size = BlurOps.KernelSize(images.shape[2], images.shape[3], o.BlurSize);
            view = BlurOps.RandomGaussianBlur(view, p.Blur, p.BlurSigma, size);
        }

        if (ViewAugmentationOptions.ForView(o.SolarizeP, p.View) > 0.0)
        {
            view = PixelOps.Solarize(view, p.Solarize, o.SolarizeThreshold);
        }

        return PixelOps.Normalize(view, o.NormalizeMean, o.NormalizeStd).MoveToOuterDisposeScope();
    }

    private static void CheckImages(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() != 4)
        {
            throw new ArgumentException($"Expected images [B, C, H, W]; found shape [{string.Join(", ", images.shape)}].", nameof(images));
        }
    }

    private static Tensor Uniform(Tensor draws, int column, double low, double high) =>
        draws.select(1, column).mul(high - low).add_(low);
}
