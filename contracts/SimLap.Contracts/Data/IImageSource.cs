using TorchSharp;

namespace SimLap.Contracts.Data;

/// <summary>
/// Images read on demand (from disk, typically through a bounded cache) instead of held in memory: a data set too
/// large for memory hands one to <see cref="ImageSet(IImageSource, torch.Tensor?)"/>. Implementations must be safe to
/// call from the engine's batch producer while evaluators are idle (one caller at a time), and Dispose must be idempotent.
/// </summary>
public interface IImageSource : IDisposable
{
    /// <summary>The number of images.</summary>
    long Count { get; }

    /// <summary>Channels, height and width of every image.</summary>
    (long Channels, long Height, long Width) Shape { get; }

    /// <summary>The images at <paramref name="indices"/> (int64 [B], each in 0..Count-1), in that order: uint8 [B, C, H, W] on the CPU.</summary>
    torch.Tensor Gather(torch.Tensor indices);
}
