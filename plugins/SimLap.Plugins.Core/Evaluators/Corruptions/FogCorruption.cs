using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Evaluators.Corruptions;

/// <summary>
/// CIFAR-10-C's fog: x + amount * fractal (one <see cref="PlasmaFractal"/> per image, the same for every channel), scaled
/// by max(x) / (max(x) + amount) with max(x) the clean image's maximum. An all-black image therefore stays black.
/// </summary>
internal static class FogCorruption
{
    /// <summary>Fogs images [B, C, H, W] in [0, 1] (the result is not clamped).</summary>
    public static Tensor Apply(Tensor x, double amount, double decay, Generator generator)
    {
        using var scope = NewDisposeScope();
        var (b, h, w) = (x.shape[0], x.shape[2], x.shape[3]);
        var size = 2L;
        while (size < Math.Max(h, w))
        {
            size *= 2;
        }

        var fractal = PlasmaFractal.Generate(b, size, decay, generator).narrow(1, 0, h).narrow(2, 0, w).unsqueeze(1).to(x.dtype).to(x.device);
        var peak = x.amax([1L, 2L, 3L], keepdim: true);
        return x.add(fractal.mul(amount)).mul(peak.div(peak.add(amount))).MoveToOuterDisposeScope();
    }
}
