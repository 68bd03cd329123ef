using SimLap.Contracts.Components;
using SimLap.Contracts.Data;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Augmentation;

/// <summary>
/// The SimCLR view generator, on a whole batch at once: random resized crop and horizontal flip as one per-sample
/// affine resampling (bilinear), then colour jitter (brightness, contrast, saturation, hue as a YIQ rotation) with
/// probability <c>jitter_p</c>, then grayscale with probability <c>grayscale_p</c>. Single-channel images get crop,
/// flip, brightness and contrast only. All random factors come from the component's generator.
/// </summary>
[SimLapComponent("simclr", typeof(SimClrAugmentationOptions), Description = "SimCLR views: resized crop, flip, colour jitter, grayscale (batched).")]
public sealed class SimClrAugmentation : IAugmentation
{
    // Columns of the per-sample uniform draws.
    private const int Scale = 0, Ratio = 1, CentreX = 2, CentreY = 3, Flip = 4, JitterOn = 5;
    private const int Brightness = 6, Contrast = 7, Saturation = 8, Hue = 9, Gray = 10, Draws = 11;

    private readonly SimClrAugmentationOptions _options;
    private readonly Generator _generator;

    /// <summary>Creates the augmentation.</summary>
    public SimClrAugmentation(SimClrAugmentationOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        _options = options;
        _generator = context.Generator;
    }

    /// <inheritdoc />
    public Tensor Apply(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() != 4)
        {
            throw new ArgumentException($"Expected images [B, C, H, W]; found shape [{string.Join(", ", images.shape)}].", nameof(images));
        }

        using var scope = NewDisposeScope();
        var batch = images.shape[0];
        var draws = rand(new long[] { batch, Draws }, dtype: ScalarType.Float64, generator: _generator);

        var view = CropAndFlip(images, draws);
        if (_options.JitterP > 0.0)
        {
            view = ColourJitter(view, draws);
        }

        if (_options.GrayscaleP > 0.0 && images.shape[1] == 3)
        {
            var gray = draws.select(1, Gray).lt(_options.GrayscaleP).to(images.device).view(batch, 1, 1, 1);
            view = where(gray, ColourOps.Grayscale(view).expand_as(view), view);
        }

        return view.clamp(0.0, 1.0).MoveToOuterDisposeScope();
    }

    /// <summary>Random resized crop and horizontal flip, as one affine grid per sample.</summary>
    private Tensor CropAndFlip(Tensor images, Tensor draws)
    {
        double height = images.shape[2], width = images.shape[3];
        var (scaleMin, scaleMax) = (_options.CropScale[0], _options.CropScale[1]);
        var (logRatioMin, logRatioMax) = (Math.Log(_options.CropRatio[0]), Math.Log(_options.CropRatio[1]));

        var area = Uniform(draws, Scale, scaleMin, scaleMax);
        var ratio = Uniform(draws, Ratio, logRatioMin, logRatioMax).exp_();

        // Crop size relative to the image (1 = whole side), clamped so the crop fits.
        var cropWidth = area.mul(ratio).mul_(height / width).sqrt_().clamp_max_(1.0);
        var cropHeight = area.div(ratio).mul_(width / height).sqrt_().clamp_max_(1.0);
        var centreX = Uniform(draws, CentreX, -1.0, 1.0).mul_(cropWidth.neg().add_(1.0));
        var centreY = Uniform(draws, CentreY, -1.0, 1.0).mul_(cropHeight.neg().add_(1.0));
        var sign = where(draws.select(1, Flip).lt(_options.FlipP), -1.0, 1.0);
        var zero = zeros_like(area);

        var theta = stack([cropWidth.mul(sign), zero, centreX, zero, cropHeight, centreY], 1)
            .view(-1, 2, 3)
            .to(images.dtype, images.device);
        var grid = nn.functional.affine_grid(theta, images.shape, align_corners: false);
        return nn.functional.grid_sample(images, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Border, align_corners: false);
    }

    /// <summary>Brightness, contrast, saturation and hue, on the samples drawn for jitter (identity factors elsewhere).</summary>
    private Tensor ColourJitter(Tensor images, Tensor draws)
    {
        var batch = images.shape[0];
        var rgb = images.shape[1] == 3;
        var on = draws.select(1, JitterOn).lt(_options.JitterP);
        var jitter = _options.Jitter;

        var brightness = Factor(draws, Brightness, jitter[0], on, images);
        var view = images.mul(brightness).clamp_(0.0, 1.0);

        var contrast = Factor(draws, Contrast, jitter[1], on, images);
        var luma = rgb ? ColourOps.Grayscale(view) : view;
        view = ColourOps.Blend(view, luma.mean([1, 2, 3], keepdim: true), contrast);

        if (!rgb)
        {
            return view;
        }

        var saturation = Factor(draws, Saturation, jitter[2], on, images);
        view = ColourOps.Blend(view, ColourOps.Grayscale(view), saturation);

        if (jitter[3] > 0.0)
        {
            var shift = Uniform(draws, Hue, -jitter[3], jitter[3]).mul_(on.to(ScalarType.Float64));
            var matrices = ColourOps.HueMatrices(shift).to(images.dtype, images.device);
            view = ColourOps.ApplyMatrices(view, matrices);
        }

        return view;
    }

    /// <summary>A torchvision-style factor in [max(0, 1 - strength), 1 + strength], 1 where jitter is off; [B, 1, 1, 1] on the device.</summary>
    private static Tensor Factor(Tensor draws, int column, double strength, Tensor on, Tensor images)
    {
        var factor = Uniform(draws, column, Math.Max(0.0, 1.0 - strength), 1.0 + strength);
        return where(on, factor, 1.0).to(images.dtype, images.device).view(-1, 1, 1, 1);
    }

    private static Tensor Uniform(Tensor draws, int column, double low, double high) =>
        draws.select(1, column).mul(high - low).add_(low);
}
