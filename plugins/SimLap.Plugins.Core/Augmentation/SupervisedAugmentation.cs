using SimLap.Contracts.Components;
using SimLap.Contracts.Data;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Augmentation;

/// <summary>
/// The usual supervised-training augmentation, on a whole batch: a random crop (random resized crop with
/// <c>crop_scale</c> and <c>crop_ratio</c>, or pad-and-crop by <c>padding</c> pixels) and a horizontal flip, then the
/// optional normalisation. No colour operations, so any number of channels works.
/// </summary>
[SimLapComponent("supervised", Description = "Supervised-style views: random resized crop or pad-crop, and flip (batched).")]
public sealed class SupervisedAugmentation : IAugmentation
{
    private readonly SupervisedAugmentationOptions options;
    private readonly Generator generator;

    /// <summary>Creates the augmentation.</summary>
    public SupervisedAugmentation(SupervisedAugmentationOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        if (context.Data is { } data)
        {
            OptionRules.CheckNormalizeChannels(options.NormalizeMean, data.Channels);
        }

        this.options = options;
        this.generator = context.Generator;
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
        var o = this.options;
        var draws = rand(new long[] { images.shape[0], 5 }, dtype: ScalarType.Float64, generator: this.generator);
        var flip = draws.select(1, 4).lt(o.FlipP);
        Tensor view;
        if (o.Crop == SupervisedCrop.Pad)
        {
            var fill = o.PaddingMode switch
            {
                SupervisedPadding.Reflect => GridSamplePaddingMode.Reflection,
                SupervisedPadding.Edge => GridSamplePaddingMode.Border,
                _ => GridSamplePaddingMode.Zeros,
            };
            view = GeometryOps.PadCrop(images, draws.narrow(1, 0, 2), o.Padding, flip, fill);
        }
        else
        {
            var (width, height, centreX, centreY) = GeometryOps.ResizedCropBoxes(
                draws.narrow(1, 0, 4), images.shape[2], images.shape[3], o.CropScale, o.CropRatio);
            view = GeometryOps.Resample(images, width, height, centreX, centreY, flip);
        }

        return PixelOps.Normalize(view, o.NormalizeMean, o.NormalizeStd).MoveToOuterDisposeScope();
    }
}
