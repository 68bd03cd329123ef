namespace SimLap.Plugins.Isolation;

/// <summary>The YAML file read by <see cref="YamlAlignmentLoss"/>.</summary>
public sealed class LossWeights
{
    /// <summary>The weight of the alignment term.</summary>
    public Percentage Weight { get; set; } = new(1.0);
}
