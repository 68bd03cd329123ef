using TorchSharp;

namespace SimLap.Contracts.Data;

/// <summary>A subset of another source, by index; owns the source it views.</summary>
internal sealed class SubsetImageSource : IImageSource
{
    private readonly IImageSource _source;
    private readonly torch.Tensor _indices;

    public SubsetImageSource(IImageSource source, torch.Tensor indices)
    {
        _source = source;
        _indices = indices.to_type(torch.ScalarType.Int64).cpu().clone().DetachFromDisposeScope();
    }

    public long Count => _indices.shape[0];

    public (long Channels, long Height, long Width) Shape => _source.Shape;

    public torch.Tensor Gather(torch.Tensor indices)
    {
        using var selected = _indices.index_select(0, indices);
        return _source.Gather(selected);
    }

    public void Dispose()
    {
        _indices.Dispose();
        _source.Dispose();
    }
}
