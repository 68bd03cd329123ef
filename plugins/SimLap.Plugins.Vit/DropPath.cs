using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Plugins.Vit;

/// <summary>
/// Stochastic depth (Huang et al.): in training, each sample's residual branch is dropped with probability
/// <c>rate</c> and the kept ones are scaled by 1 / (1 - rate); the identity in evaluation or at rate 0.
/// </summary>
internal sealed class DropPath : nn.Module<Tensor, Tensor>
{
    private readonly double rate;
    private readonly Generator generator;

    public DropPath(double rate, Generator generator) : base(nameof(DropPath))
    {
        this.rate = rate;
        this.generator = generator;
    }

    public override Tensor forward(Tensor input)
    {
        if (!training || rate <= 0)
        {
            return input.alias();
        }

        var keep = 1.0 - rate;
        var shape = new long[input.dim()];
        Array.Fill(shape, 1L);
        shape[0] = input.shape[0];

        // Drawn on the CPU from the block's own generator, so a run is reproducible on any device.
        using var draw = rand(shape, generator: generator);
        using var mask = draw.add(keep).floor_().div_(keep).to(input.dtype, input.device);
        return input.mul(mask);
    }
}
