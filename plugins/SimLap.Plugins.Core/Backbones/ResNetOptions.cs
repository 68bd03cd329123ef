using System.ComponentModel;

namespace SimLap.Plugins.Core.Backbones;

/// <summary>Options of the <c>resnet18</c>, <c>resnet34</c> and <c>resnet50</c> backbones.</summary>
public sealed class ResNetOptions
{
    /// <summary>Use the CIFAR stem (conv3x3 stride 1, no max-pool) instead of the ImageNet one (conv7x7 stride 2, max-pool).</summary>
    [Description("Stem: false = ImageNet (conv7x7 stride 2 + 3x3 max-pool, for 224 px); true = CIFAR (conv3x3 stride 1, no max-pool, for 32-96 px).")]
    public bool CifarStem { get; set; }

    /// <summary>Zero the last batch norm of every residual block, so each block starts as the identity (Goyal et al.).</summary>
    [Description("Zero-initialise the last BN weight of every residual block, so each block starts as the identity (Goyal et al.; solo-learn's default for SSL).")]
    public bool ZeroInitResidual { get; set; }
}
