using TorchSharp;

namespace SimLap.Contracts.Data;

/// <summary>
/// Images with labels <c>int64 [N]</c> (null when label-free): held once in memory as <c>uint8 [N, C, H, W]</c>, or
/// read on demand from an <see cref="IImageSource"/> for data larger than memory. The engine converts batches to float
/// on the device; the set itself stays compact. Read images with <see cref="Gather"/> or <see cref="Slice"/>, which work
/// for both kinds; <see cref="Images"/> is only there for sets held in memory. Subsets and the features of a whole set
/// are in SimLap.Contracts.Helpers (<c>set.Subset(indices)</c>, <c>extractor.Extract(set)</c>).
/// </summary>
public sealed class ImageSet : IDisposable
{
    private readonly torch.Tensor? images;
    private readonly IImageSource? source;

    /// <summary>Creates a set held in memory and checks that images and labels agree.</summary>
    public ImageSet(torch.Tensor images, torch.Tensor? labels)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dtype != torch.ScalarType.Byte || images.dim() != 4)
        {
            throw new ArgumentException($"Images must be uint8 [N, C, H, W]; found {images.dtype} with shape [{string.Join(", ", images.shape)}].");
        }

        this.images = images;
        Labels = CheckLabels(labels, images.shape[0]);
    }

    /// <summary>Creates a set whose images are read on demand from <paramref name="source"/> (the set owns it).</summary>
    public ImageSet(IImageSource source, torch.Tensor? labels)
    {
        ArgumentNullException.ThrowIfNull(source);
        this.source = source;
        Labels = CheckLabels(labels, source.Count);
    }

    /// <summary>Whether the images are held in memory (<see cref="Images"/> is available).</summary>
    public bool InMemory => this.images is not null;

    /// <summary>The images, uint8 [N, C, H, W], for a set held in memory.</summary>
    /// <exception cref="InvalidOperationException">The set reads its images on demand.</exception>
    public torch.Tensor Images => this.images ?? throw new InvalidOperationException(
        $"This set of {Count} images is read from disk on demand (it does not fit the memory limit), so it has no Images tensor; " +
        "read it in parts with ImageSet.Gather(indices) or Slice(start, length), or extract features with IFeatureExtractor.Extract(ImageSet).");

    /// <summary>The source the images are read from, for a set read on demand (the set owns it); null for a set in memory.</summary>
    public IImageSource? Source => this.source;

    /// <summary>The labels, int64 [N], or null for label-free data.</summary>
    public torch.Tensor? Labels { get; }

    /// <summary>The number of images.</summary>
    public long Count => this.images?.shape[0] ?? this.source!.Count;

    /// <summary>Channels, height and width of every image.</summary>
    public (long Channels, long Height, long Width) Shape =>
        this.images is { } images ? (images.shape[1], images.shape[2], images.shape[3]) : this.source!.Shape;

    /// <summary>The images at <paramref name="indices"/> (int64 [B]), in that order: uint8 [B, C, H, W] on the CPU.</summary>
    public torch.Tensor Gather(torch.Tensor indices) => this.images?.index_select(0, indices) ?? this.source!.Gather(indices);

    /// <summary>Images <paramref name="start"/>..start+length-1: uint8 [length, C, H, W] (a view for a set in memory).</summary>
    public torch.Tensor Slice(long start, long length)
    {
        if (this.images is { } images)
        {
            return images.narrow(0, start, length);
        }

        using var indices = torch.arange(start, start + length, dtype: torch.ScalarType.Int64);
        return this.source!.Gather(indices);
    }

    /// <summary>The same images without labels (sharing the images or source).</summary>
    public ImageSet WithoutLabels() => this.images is { } images ? new ImageSet(images, null) : new ImageSet(this.source!, null);

    /// <summary>Moves the set's tensors out of the current dispose scope, so that the caller owns the set; returns the set.</summary>
    public ImageSet DetachFromDisposeScope()
    {
        this.images?.DetachFromDisposeScope();
        Labels?.DetachFromDisposeScope();
        return this;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        this.images?.Dispose();
        this.source?.Dispose();
        Labels?.Dispose();
    }

    private static torch.Tensor? CheckLabels(torch.Tensor? labels, long count)
    {
        if (labels is not null && (labels.dtype != torch.ScalarType.Int64 || labels.dim() != 1 || labels.shape[0] != count))
        {
            throw new ArgumentException($"Labels must be int64 [N] with N = {count}; found {labels.dtype} with shape [{string.Join(", ", labels.shape)}].");
        }

        return labels;
    }
}
