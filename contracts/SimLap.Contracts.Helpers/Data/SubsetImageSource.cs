using TorchSharp;

namespace SimLap.Contracts.Data;

/// <summary>A subset of another source, by index; owns the source it views.</summary>
internal sealed class SubsetImageSource : IImageSource
{
    private readonly IImageSource source;
    private readonly torch.Tensor indices;

    public SubsetImageSource(IImageSource source, torch.Tensor indices)
    {
        this.source = source;
        this.indices = indices.to_type(torch.ScalarType.Int64).cpu().clone().DetachFromDisposeScope();
    }

    public long Count => this.indices.shape[0];

    public (long Channels, long Height, long Width) Shape => this.source.Shape;

    public torch.Tensor Gather(torch.Tensor indices)
    {
        using var selected = this.indices.index_select(0, indices);
        return this.source.Gather(selected);
    }

    public void Dispose()
    {
        this.indices.Dispose();
        this.source.Dispose();
    }
}
