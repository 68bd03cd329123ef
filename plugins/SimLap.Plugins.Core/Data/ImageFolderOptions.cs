using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SimLap.Plugins.Core.Data;

/// <summary>Options of the <c>image-folder</c> data set.</summary>
public sealed class ImageFolderOptions : ImageDatasetOptions
{
    /// <summary>Height and width the images are brought to: centre square crop, then resize.</summary>
    [Description("Height and width the images are brought to (centre square crop, then a high-quality resize).")]
    [Range(8, 1024)]
    public int ImageSize { get; set; } = 32;

    /// <summary>Channels of the loaded images: 3 (RGB) or 1 (grayscale, ITU-R 601 luma).</summary>
    [Description("Channels of the loaded images: 3 (RGB) or 1 (grayscale).")]
    [Range(1, 3)]
    public int Channels { get; set; } = 3;

    /// <summary>The training split's sub-folder of <c>root</c> (one sub-folder per class inside); empty: <c>root</c> itself.</summary>
    [Description("Sub-folder of root holding the training images, one sub-folder per class; empty: root itself.")]
    public string TrainSplit { get; set; } = "train";

    /// <summary>The test split's sub-folder of <c>root</c>; with <c>evaluate_on: validation</c> it is not needed.</summary>
    [Description("Sub-folder of root holding the test images, one sub-folder per class (not needed with evaluate_on: validation).")]
    public string TestSplit { get; set; } = "test";

    /// <summary>Decoded images in memory, streamed from disk, or chosen per split by its size (auto).</summary>
    [Description("Where decoded images live: auto (memory when a split fits memory_limit_mb, else stream), memory, or stream (decoded from disk per batch, with a cache).")]
    public ImageStorage Storage { get; set; } = ImageStorage.Auto;

    /// <summary>With <c>storage: auto</c>, a split whose decoded images need more MiB than this is streamed.</summary>
    [Description("With storage: auto, a split whose decoded images need more MiB than this is streamed from disk.")]
    [Range(1, int.MaxValue)]
    public int MemoryLimitMb { get; set; } = 4096;

    /// <summary>MiB of decoded images a streamed split keeps (the first ones decoded, in one preallocated tensor); 0: none.</summary>
    [Description("MiB of decoded images a streamed split keeps in memory (the first ones decoded, never evicted); 0: no cache.")]
    [Range(0, int.MaxValue)]
    public int CacheMb { get; set; } = 512;

    /// <inheritdoc />
    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext))
        {
            yield return result;
        }

        if (Channels == 2)
        {
            yield return new ValidationResult("channels must be 1 (grayscale) or 3 (RGB).", [nameof(Channels)]);
        }

        foreach (var (name, value) in new[] { (nameof(TrainSplit), TrainSplit), (nameof(TestSplit), TestSplit) })
        {
            if (Path.IsPathRooted(value) || value.Split('/', '\\').Contains(".."))
            {
                yield return new ValidationResult($"'{value}' must be a sub-folder of root (a relative path without '..').", [name]);
            }
        }
    }
}
