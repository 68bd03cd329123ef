using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SimLap.Plugins.Core.Losses;

/// <summary>Options of the <c>barlow-twins</c> loss.</summary>
public sealed class BarlowTwinsOptions
{
    /// <summary>Weight lambda of the redundancy-reduction (off-diagonal) term.</summary>
    [Description("Weight lambda of the redundancy-reduction term sum_{i!=j} c_ij^2 (the paper's 0.0051).")]
    [Range(0.0, 1000.0)]
    public double OffDiagonalWeight { get; set; } = 0.0051;

    /// <summary>A factor on the whole loss (solo-learn's scale_loss; 1 is the paper).</summary>
    [Description("Factor on the whole loss (solo-learn's scale_loss; 1 = the paper).")]
    [Range(1e-6, 1e6)]
    public double ScaleLoss { get; set; } = 1.0;
}
