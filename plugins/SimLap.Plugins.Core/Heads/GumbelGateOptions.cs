using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SimLap.Plugins.Core.Heads;

/// <summary>Options of the <c>gumbel-gate</c> head.</summary>
public sealed class GumbelGateOptions : IGateNetworkOptions
{
    /// <summary>Temperature T of the binary concrete relaxation (smaller: closer to 0/1 gates).</summary>
    [Description("Temperature T of the binary concrete relaxation: gate = sigmoid((logit + log u - log(1-u)) / T); smaller is closer to 0/1.")]
    [Range(1e-3, 100.0)]
    public double Temperature { get; set; } = 0.5;

    /// <summary>Width of the class embedding table E.</summary>
    [Description("Width of the class embedding table E.")]
    [Range(1, 65536)]
    public int Embed { get; set; } = 512;

    /// <summary>Hidden width of the fusion MLP G.</summary>
    [Description("Hidden width of the fusion MLP G.")]
    [Range(1, 65536)]
    public int Hidden { get; set; } = 1024;
}
