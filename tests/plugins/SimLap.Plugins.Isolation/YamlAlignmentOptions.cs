using System.ComponentModel;
using SimLap.Contracts.Components;

namespace SimLap.Plugins.Isolation;

/// <summary>Options of <see cref="YamlAlignmentLoss"/>.</summary>
public sealed class YamlAlignmentOptions
{
    /// <summary>A YAML file such as <c>weight: 50%</c>; empty for a weight of 100%.</summary>
    [Description("YAML file holding 'weight: <percent>%', relative to the experiment file; empty = 100%.")]
    [FilePath]
    public string Weights { get; set; } = "";
}
