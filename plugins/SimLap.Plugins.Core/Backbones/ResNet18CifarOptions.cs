using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SimLap.Plugins.Core.Backbones;

/// <summary>Options of the <c>resnet18-cifar</c> backbone.</summary>
public sealed class ResNet18CifarOptions
{
    /// <summary>Channels of the stem and first stage; the stages use width, 2, 4 and 8 times width.</summary>
    [Description("Base channels: stages use 1x, 2x, 4x, 8x width; features are 8 x width.")]
    [Range(1, 1024)]
    public int Width { get; set; } = 64;
}
