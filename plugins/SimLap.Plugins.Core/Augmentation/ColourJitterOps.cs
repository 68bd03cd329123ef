using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Augmentation;

/// <summary>
/// Colour jitter with a random order of its four parts per image, as torchvision's <c>ColorJitter</c> (which draws a
/// permutation per call), on a whole batch: in round r each image applies the part its permutation puts at r. Each
/// round runs each part once, on the images that chose it (index-select, apply, index-copy), so the work is that of
/// one jitter per image and the images that skip a part are untouched.
/// </summary>
public static class ColourJitterOps
{
    /// <summary>The parts' indices in the factor and order tensors.</summary>
    public const int Brightness = 0, Contrast = 1, Saturation = 2, Hue = 3;

    /// <summary>
    /// Per-image uniform random permutations of the four parts from uniform draws [B, 4] (float64, CPU): the order that
    /// sorts the draws. Row b lists the parts image b applies in rounds 0..3.
    /// </summary>
    public static Tensor RandomOrder(Tensor uniform)
    {
        ArgumentNullException.ThrowIfNull(uniform);
        return uniform.argsort(1);
    }

    /// <summary>
    /// Applies colour jitter to the images where <paramref name="on"/> is set.
    /// </summary>
    /// <param name="images">Float images [B, C, H, W] in [0, 1].</param>
    /// <param name="factors">[B, 4] float64 on the CPU: brightness, contrast and saturation factors, hue shift in turns.</param>
    /// <param name="order">[B, 4] int64 on the CPU: the parts in the order each image applies them (a permutation of 0..3).</param>
    /// <param name="on">[B] bool on the CPU: which images are jittered.</param>
    /// <param name="enabled">Which parts run at all (e.g. strength 0 disables one); null: all four.</param>
    public static Tensor Apply(Tensor images, Tensor factors, Tensor order, Tensor on, bool[]? enabled = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(factors);
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(on);
        using var scope = NewDisposeScope();
        var colour = ColourOps.IsColour(images);
        var view = images;
        for (var round = 0; round < 4; round++)
        {
            var chosen = order.select(1, round);
            for (var part = 0; part < 4; part++)
            {
                if ((enabled is not null && !enabled[part]) || (!colour && part is Saturation or Hue))
                {
                    continue;
                }

                var selected = chosen.eq(part).logical_and_(on).nonzero().view(-1);
                var count = selected.shape[0];
                if (count == 0)
                {
                    continue;
                }

                var factor = factors.select(1, part).index_select(0, selected);
                if (count == images.shape[0])
                {
                    view = ApplyPart(part, view, factor);
                    continue;
                }

                var index = selected.to(images.device);
                var changed = ApplyPart(part, view.index_select(0, index), factor);
                if (ReferenceEquals(view, images))
                {
                    view = images.clone();
                }

                // In place: a copying index_copy would copy the whole batch for each of up to 16 (round, part) pairs.
                view.index_copy_(0, index, changed);
            }
        }

        return (ReferenceEquals(view, images) ? images.alias() : view).MoveToOuterDisposeScope();
    }

    /// <summary>Applies part <paramref name="part"/> with per-image factors [B] (CPU float64).</summary>
    public static Tensor ApplyPart(int part, Tensor images, Tensor factor) => part switch
    {
        Brightness => ColourOps.Brightness(images, factor),
        Contrast => ColourOps.Contrast(images, factor),
        Saturation => ColourOps.Saturation(images, factor),
        Hue => ColourOps.Hue(images, factor),
        _ => throw new ArgumentOutOfRangeException(nameof(part), part, "The colour jitter parts are 0 (brightness) to 3 (hue)."),
    };
}
