using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SimLap.Plugins.Core.Projectors;

/// <summary>Options of the <c>mlp</c> projector.</summary>
public sealed class MlpProjectorOptions
{
    /// <summary>Number of linear layers (1 = a single Linear to the output).</summary>
    [Description("Number of linear layers; 1 is a single Linear(features, out).")]
    [Range(1, 16)]
    public int Layers { get; set; } = 2;

    /// <summary>Width of the hidden layers (Linear-BatchNorm-ReLU).</summary>
    [Description("Width of the hidden Linear-BatchNorm-ReLU layers.")]
    [Range(1, 1_048_576)]
    public int Hidden { get; set; } = 2048;

    /// <summary>The embedding dimension d.</summary>
    [Description("Embedding dimension d (the projector's output).")]
    [Range(1, 1_048_576)]
    public int Out { get; set; } = 256;

    /// <summary>The normalisation after the last linear layer.</summary>
    [Description("Normalisation after the last linear layer: layer, batch or none.")]
    public LastNorm LastNorm { get; set; } = LastNorm.Layer;
}
