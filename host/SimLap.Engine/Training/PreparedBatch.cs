using static TorchSharp.torch;

namespace SimLap.Engine.Training;

/// <summary>A batch ready for a training step: both augmented views and the labels, on the device.</summary>
/// <param name="Index">The batch's index within the epoch.</param>
/// <param name="Views">The two views stacked, float [2B, C, H, W].</param>
/// <param name="Labels">Labels (or instance ids) of the B images, int64 [B].</param>
/// <param name="AugmentationState">The augmentation generator's state before this batch was drawn (to rewind on interruption).</param>
public sealed record PreparedBatch(int Index, Tensor Views, Tensor Labels, Tensor AugmentationState) : IDisposable
{
    /// <inheritdoc />
    public void Dispose()
    {
        Views.Dispose();
        Labels.Dispose();
        AugmentationState.Dispose();
    }
}
