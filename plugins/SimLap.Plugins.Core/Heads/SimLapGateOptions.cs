using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SimLap.Plugins.Core.Heads;

/// <summary>Options of the <c>simlap-gate</c> head.</summary>
public sealed class SimLapGateOptions : IGateNetworkOptions
{
    /// <summary>Width of the class embedding table E.</summary>
    [Description("Width of the class embedding table E (fused gate only).")]
    [Range(1, 65536)]
    public int Embed { get; set; } = 512;

    /// <summary>Hidden width of the fusion MLP G.</summary>
    [Description("Hidden width of the fusion MLP G (fused gate only).")]
    [Range(1, 65536)]
    public int Hidden { get; set; } = 1024;

    /// <summary>True: g = sigmoid(G((E[y1] + E[y2]) / 2)); false: the product gate sigmoid(E1[y1]) * sigmoid(E1[y2]).</summary>
    [Description("True: fused gate sigmoid(G((E[y1]+E[y2])/2)); false: product gate sigmoid(E1[y1])*sigmoid(E1[y2]).")]
    public bool Fuse { get; set; } = true;

    /// <summary>True: the fusion MLP G normalises the batch's pair codes with BatchNorm before each Linear (the paper's).</summary>
    [Description("Fused gate only: BatchNorm before each Linear of G (the paper's); false: ReLU, Linear only, so a pair's gate does not depend on the other pairs of its batch.")]
    public bool BatchNorm { get; set; } = true;

    /// <summary>Weight gamma of the Bernoulli-entropy gate penalty (0 disables it).</summary>
    [Description("Weight gamma of the gate penalty: gamma * mean Bernoulli entropy of the gates, pushing them to 0/1 (0 = off).")]
    [Range(0.0, 1000.0)]
    public double Penalty { get; set; }
}
