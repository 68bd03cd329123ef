using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Losses;

/// <summary>A learnable scalar logit scale (1/tau), so the optimiser sees it as a parameter of the loss.</summary>
internal sealed class LogitScale : nn.Module
{
    private readonly Parameter scale;

    /// <summary>Creates the scale with value <paramref name="initial"/> on <paramref name="device"/>.</summary>
    public LogitScale(double initial, Device device)
        : base(nameof(LogitScale))
    {
        scale = new Parameter(tensor((float)initial, device: device));
        RegisterComponents();
    }

    /// <summary>The scale, a scalar parameter.</summary>
    public Tensor Value => scale;
}
