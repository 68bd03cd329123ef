using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SimLap.Plugins.Core.Heads;

/// <summary>Options of the <c>stochastic-gate</c> head.</summary>
public sealed class StochasticGateOptions : IGateNetworkOptions
{
    /// <summary>Standard deviation sigma of the Gaussian noise added to the gate mean during training.</summary>
    [Description("Std sigma of the Gaussian noise on the gate mean during training (gate = clamp(mu + sigma*eps, 0, 1)).")]
    [Range(1e-4, 100.0)]
    public double Sigma { get; set; } = 0.5;

    /// <summary>Width of the class embedding table E.</summary>
    [Description("Width of the class embedding table E.")]
    [Range(1, 65536)]
    public int Embed { get; set; } = 512;

    /// <summary>Hidden width of the fusion MLP G.</summary>
    [Description("Hidden width of the fusion MLP G.")]
    [Range(1, 65536)]
    public int Hidden { get; set; } = 1024;

    /// <summary>Weight gamma of the expected-L0 penalty, gamma * mean P(gate &gt; 0) = gamma * mean Phi(mu / sigma).</summary>
    [Description("Weight gamma of the expected-L0 penalty gamma * mean Phi(mu/sigma), i.e. the expected fraction of open gates (0 = off).")]
    [Range(0.0, 1000.0)]
    public double Penalty { get; set; }
}
