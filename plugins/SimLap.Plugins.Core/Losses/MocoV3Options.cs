using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SimLap.Plugins.Core.Losses;

/// <summary>Options of the <c>moco-v3</c> loss.</summary>
public sealed class MocoV3Options : MomentumLossOptions
{
    /// <summary>The temperature tau of the InfoNCE logits.</summary>
    [Description("Temperature tau: logits are cos(q, k) / tau (MoCo v3's 0.2).")]
    [Range(1e-4, 100.0)]
    public double Temperature { get; set; } = 0.2;
}
