using SimLap.Contracts.Components;
using SimLap.Contracts.Data;
using SimLap.Plugins.Core.Data.Formats;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Data;

/// <summary>
/// Images from folders: <c>&lt;root&gt;/&lt;split&gt;/&lt;class&gt;/*.png|jpg|...</c>, classes being the sorted sub-folder names of
/// the training split; with <c>label_free: true</c> images may sit anywhere under the split folder and no class folders are
/// needed. Decoded with SkiaSharp (in parallel), centre-cropped to a square and resized to <c>image_size</c>.
/// </summary>
[SimLapComponent("image-folder", typeof(ImageFolderOptions), Description = "Your images: root/<split>/<class>/*.png|jpg, resized to image_size (label_free: no classes needed).")]
public sealed class ImageFolderDataset : FileImageDataset
{
    private const string FolderName = "image-folder";
    private const int ImagesPerChunk = 256;

    private readonly ImageFolderOptions _options;
    private readonly IReadOnlyList<string> _classNames;

    /// <summary>Creates the data set; the class names are read from the training split's folder now, the images when a split is loaded.</summary>
    public ImageFolderDataset(ImageFolderOptions options, ComponentContext context)
        : this(options, context, ReadClassNames(options))
    {
    }

    private ImageFolderDataset(ImageFolderOptions options, ComponentContext context, IReadOnlyList<string> classNames)
        : base(options, context, new DatasetInfo(FolderName, options.Channels, options.ImageSize, options.ImageSize, classNames), FolderName)
    {
        _options = options;
        _classNames = classNames;
    }

    /// <inheritdoc />
    protected override ImageSet ReadSplit(DatasetSplit split)
    {
        var folder = SplitFolder(_options, split);
        if (!Directory.Exists(folder))
        {
            throw new InvalidOperationException(split == DatasetSplit.Train
                ? MissingTrainMessage(_options)
                : $"The image-folder test split '{folder}' does not exist. Put the test images there (one sub-folder per class, named as in the training split), " +
                  "set data.test_split to the folder that holds them, or evaluate on a validation split carved out of the training images " +
                  "(data.validation_fraction: 0.1 and data.evaluate_on: validation).");
        }

        var listing = _options.LabelFree ? ImageFolderScanner.Unlabelled(folder) : ImageFolderScanner.Labelled(folder, _classNames);
        if (listing.Files.Count == 0)
        {
            throw new InvalidOperationException($"'{folder}' holds no images ({string.Join(", ", ImageFolderScanner.Extensions.Order())}).");
        }

        var images = Decode(listing.Files, _options.ImageSize, _options.Channels);
        return new ImageSet(images, listing.Labels is null ? null : tensor(listing.Labels.ToArray(), dtype: ScalarType.Int64));
    }

    /// <summary>Decodes the files in chunks (in parallel within a chunk) into uint8 [N, channels, size, size].</summary>
    private static Tensor Decode(IReadOnlyList<string> files, int size, int channels)
    {
        SkiaImageDecoder.EnsureNativeLibrary();
        var pixelBytes = size * size * SkiaImageDecoder.BytesPerPixel;
        var images = empty(new long[] { files.Count, channels, size, size }, dtype: ScalarType.Byte);
        var buffer = new byte[(long)Math.Min(files.Count, ImagesPerChunk) * pixelBytes];
        for (var start = 0; start < files.Count; start += ImagesPerChunk)
        {
            var count = Math.Min(ImagesPerChunk, files.Count - start);
            var first = start;
            var failures = new Exception?[count];
            Parallel.For(0, count, i =>
            {
                try
                {
                    SkiaImageDecoder.DecodeRgba(files[first + i], size, buffer.AsSpan(i * pixelBytes, pixelBytes));
                }
                catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
                {
                    failures[i] = e;
                }
            });
            if (failures.FirstOrDefault(failure => failure is not null) is { } failure)
            {
                // The first failing file in listing order, whatever the threads' timing.
                throw failure is InvalidDataException ? failure : new InvalidDataException($"Cannot read the image '{files[first + Array.IndexOf(failures, failure)]}': {failure.Message}", failure);
            }

            using var scope = NewDisposeScope();
            var rgb = frombuffer(buffer, ScalarType.Byte, (long)count * pixelBytes, 0, false)
                .view(count, size, size, SkiaImageDecoder.BytesPerPixel).narrow(3, 0, 3).permute(0, 3, 1, 2);
            images.narrow(0, start, count).copy_(channels == 3 ? rgb : Luma(rgb));
        }

        return images;
    }

    /// <summary>ITU-R 601 luma of uint8 RGB [N, 3, H, W], as uint8 [N, 1, H, W].</summary>
    private static Tensor Luma(Tensor rgb)
    {
        var weights = tensor(new[] { 0.299f, 0.587f, 0.114f }).view(1, 3, 1, 1);
        return rgb.to_type(ScalarType.Float32).mul(weights).sum(1, keepdim: true).round().clamp(0, 255).to_type(ScalarType.Byte);
    }

    private static IReadOnlyList<string> ReadClassNames(ImageFolderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.LabelFree)
        {
            return [];
        }

        var folder = SplitFolder(options, DatasetSplit.Train);
        if (!Directory.Exists(folder))
        {
            throw new InvalidOperationException(MissingTrainMessage(options));
        }

        var names = ImageFolderScanner.ClassNames(folder);
        if (names.Count == 0)
        {
            throw new InvalidOperationException(
                $"'{folder}' has no class sub-folders: put each class's images in a sub-folder named after the class " +
                $"('{Path.Combine(folder, "cat", "0001.png")}', ...), or set data.label_free: true to use the images without labels.");
        }

        return names;
    }

    private static string SplitFolder(ImageFolderOptions options, DatasetSplit split)
    {
        var root = DataRoot.Resolve(options.Root, FolderName);
        var sub = split == DatasetSplit.Train ? options.TrainSplit : options.TestSplit;
        return string.IsNullOrWhiteSpace(sub) || sub == "." ? root : Path.GetFullPath(Path.Combine(root, sub));
    }

    private static string MissingTrainMessage(ImageFolderOptions options) =>
        $"The image-folder training split '{SplitFolder(options, DatasetSplit.Train)}' does not exist. Put the images in " +
        $"'<root>/{options.TrainSplit}/<class>/*.png' (or .jpg), one sub-folder per class, and set data.root to that root " +
        $"(empty: ${DataRoot.Variable}/{FolderName}, else ~/.simlap/data/{FolderName}); set data.train_split: \"\" when the class folders sit directly in root.";
}
