using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Augmentation;

/// <summary>
/// The random parameters of one view of a batch, drawn at once by <see cref="ViewPipeline.Sample"/>: per-image tensors
/// [B] (or [B, 4]) on the CPU. The tensors belong to the dispose scope they were drawn in.
/// </summary>
/// <param name="View">Which view of the recipe (0: view 1, 1: view 2) the probabilities came from.</param>
/// <param name="CropWidth">Crop width as a fraction of the image width, float64.</param>
/// <param name="CropHeight">Crop height as a fraction of the image height, float64.</param>
/// <param name="CentreX">Crop centre x in normalised coordinates [-1, 1], float64.</param>
/// <param name="CentreY">Crop centre y in normalised coordinates [-1, 1], float64.</param>
/// <param name="Flip">Horizontal flip, bool.</param>
/// <param name="Jitter">Colour jitter applied, bool.</param>
/// <param name="JitterFactors">[B, 4] float64: brightness, contrast, saturation factors and hue shift (identity where jitter is off).</param>
/// <param name="JitterOrder">[B, 4] int64: the jitter parts in the order each image applies them (see <see cref="ColourJitterOps"/>).</param>
/// <param name="Grayscale">Converted to grayscale, bool.</param>
/// <param name="Blur">Blurred, bool.</param>
/// <param name="BlurSigma">The blur's sigma in pixels, float64.</param>
/// <param name="Solarize">Solarised, bool.</param>
public sealed record ViewParameters(
    int View,
    Tensor CropWidth,
    Tensor CropHeight,
    Tensor CentreX,
    Tensor CentreY,
    Tensor Flip,
    Tensor Jitter,
    Tensor JitterFactors,
    Tensor JitterOrder,
    Tensor Grayscale,
    Tensor Blur,
    Tensor BlurSigma,
    Tensor Solarize);
