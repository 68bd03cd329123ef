using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SimLap.Plugins.TestKit;

/// <summary>Options of <see cref="NanLoss"/>.</summary>
public sealed class NanLossOptions
{
    /// <summary>The 0-based step from which the loss is NaN.</summary>
    [Description("0-based training step from which the loss is NaN.")]
    [Range(0, int.MaxValue)]
    public int NanAtStep { get; set; } = 3;
}
