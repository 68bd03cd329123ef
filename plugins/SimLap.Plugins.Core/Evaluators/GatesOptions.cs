using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SimLap.Plugins.Core.Evaluators;

/// <summary>Options of the <c>gates</c> evaluator.</summary>
public sealed class GatesOptions
{
    /// <summary>A gate entry below this value counts as closed.</summary>
    [Description("A gate entry below this value counts as closed (gate_sparsity is the closed fraction; active_dims counts the rest).")]
    [Range(0.0, 1.0)]
    public double Threshold { get; set; } = 0.5;

    /// <summary>Largest number of classes analysed (C*C pairs go through the head at once).</summary>
    [Description("Largest number of classes analysed: all C*C ordered class pairs go through the head in one batch.")]
    [Range(1, 4096)]
    public int MaxClasses { get; set; } = 256;

    /// <summary>Also write every pair's gate vector as a CSV artifact.</summary>
    [Description("Also write every ordered pair's gate vector to gates-epochNNN.csv (rows y1, y2, then one column per embedding dimension).")]
    public bool WriteCsv { get; set; } = true;
}
