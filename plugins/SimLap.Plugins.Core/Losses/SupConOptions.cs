using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SimLap.Plugins.Core.Losses;

/// <summary>Options of the <c>supcon</c> loss (Khosla et al.'s L_out).</summary>
public sealed class SupConOptions
{
    /// <summary>The temperature tau dividing the cosine similarities.</summary>
    [Description("Temperature tau: logits are cosine / tau.")]
    [Range(1e-4, 100.0)]
    public double Temperature { get; set; } = 0.1;
}
