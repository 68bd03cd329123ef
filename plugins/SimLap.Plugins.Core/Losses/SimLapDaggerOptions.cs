using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SimLap.Plugins.Core.Losses;

/// <summary>Options of the <c>simlap-dagger</c> loss.</summary>
public sealed class SimLapDaggerOptions : MomentumLossOptions
{
    /// <summary>Weight alpha of the class term (identical pairs, all-ones gates).</summary>
    [Description("Weight alpha of the class term L_class (identical pairs, no gate).")]
    [Range(0.0, 1000.0)]
    public double Alpha { get; set; } = 1.0;

    /// <summary>Weight beta of the pair term (the batch's pairs and gates).</summary>
    [Description("Weight beta of the pair term L_pair (the batch's pairs and gates).")]
    [Range(0.0, 1000.0)]
    public double Beta { get; set; } = 1.0;

    /// <summary>The temperature tau of the pair and class terms.</summary>
    [Description("Temperature tau of the multi-positive pair and class terms.")]
    [Range(1e-4, 100.0)]
    public double Temperature { get; set; } = 0.1;

    /// <summary>The temperature of the MoCo v3 instance term.</summary>
    [Description("Temperature of the MoCo v3 instance term.")]
    [Range(1e-4, 100.0)]
    public double InstanceTemperature { get; set; } = 0.2;
}
