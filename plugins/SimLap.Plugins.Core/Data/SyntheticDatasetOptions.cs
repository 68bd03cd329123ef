using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SimLap.Plugins.Core.Data;

/// <summary>Options of the <c>synthetic</c> data set.</summary>
public sealed class SyntheticDatasetOptions
{
    /// <summary>Height and width of the square images, in pixels.</summary>
    [Description("Height and width of the square images, in pixels.")]
    [Range(8, 512)]
    public int ImageSize { get; set; } = 32;

    /// <summary>How many shapes (disk, square, triangle, ring, cross, bar) are used, in that order.</summary>
    [Description("Number of shapes used, in the order disk, square, triangle, ring, cross, bar.")]
    [Range(1, 6)]
    public int Shapes { get; set; } = 4;

    /// <summary>How many colours (red, green, blue, yellow, magenta, cyan, orange, white) are used, in that order.</summary>
    [Description("Number of colours used, in the order red, green, blue, yellow, magenta, cyan, orange, white.")]
    [Range(1, 8)]
    public int Colours { get; set; } = 3;

    /// <summary>Training images per class.</summary>
    [Description("Training images per class.")]
    [Range(1, 100_000)]
    public int TrainPerClass { get; set; } = 200;

    /// <summary>Test images per class.</summary>
    [Description("Test images per class.")]
    [Range(1, 100_000)]
    public int TestPerClass { get; set; } = 50;

    /// <summary>Standard deviation of the Gaussian background noise (intensities in [0, 1]).</summary>
    [Description("Standard deviation of the Gaussian background noise, on intensities in [0, 1].")]
    [Range(0.0, 1.0)]
    public double Noise { get; set; } = 0.1;

    /// <summary>Seed of the images; 0 derives it from the experiment seed.</summary>
    [Description("Seed of the images; 0 derives it from the experiment seed.")]
    [Range(typeof(long), "0", "9223372036854775807")]
    public long Seed { get; set; }
}
