using TorchSharp;

namespace SimLap.Contracts.Data;

/// <summary>
/// Images held once in memory as <c>uint8 [N, C, H, W]</c> with labels <c>int64 [N]</c> (null when label-free).
/// The engine converts batches to float on the device; the set itself stays compact.
/// </summary>
public sealed class ImageSet : IDisposable
{
    /// <summary>Creates a set and checks that images and labels agree.</summary>
    public ImageSet(torch.Tensor images, torch.Tensor? labels)
    {
        if (images.dtype != torch.ScalarType.Byte || images.dim() != 4)
        {
            throw new ArgumentException($"Images must be uint8 [N, C, H, W]; found {images.dtype} with shape [{string.Join(", ", images.shape)}].");
        }

        if (labels is not null && (labels.dtype != torch.ScalarType.Int64 || labels.dim() != 1 || labels.shape[0] != images.shape[0]))
        {
            throw new ArgumentException($"Labels must be int64 [N] with N = {images.shape[0]}; found {labels.dtype} with shape [{string.Join(", ", labels.shape)}].");
        }

        Images = images;
        Labels = labels;
    }

    /// <summary>The images, uint8 [N, C, H, W].</summary>
    public torch.Tensor Images { get; }

    /// <summary>The labels, int64 [N], or null for label-free data.</summary>
    public torch.Tensor? Labels { get; }

    /// <summary>The number of images.</summary>
    public long Count => Images.shape[0];

    /// <inheritdoc />
    public void Dispose()
    {
        Images.Dispose();
        Labels?.Dispose();
    }
}
